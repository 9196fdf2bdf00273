package net.vpnaas.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.vpnaas.agent.config.ExampleConfigFiles;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.ike.config.AdditionalKeyExchangeConfig;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.config.IkeTransportPolicy;
import net.vpnaas.ike.config.NatTraversal;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerPpk;
import net.vpnaas.model.PeerQkd;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.RetransmitSettings;
import net.vpnaas.model.crypto.EncryptionAlgorithm;
import net.vpnaas.model.crypto.IntegrityAlgorithm;
import net.vpnaas.model.crypto.Proposal;
import net.vpnaas.model.crypto.PseudoRandomFunction;
import net.vpnaas.model.gateway.GatewayCertificate;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.GatewayTunnel;
import net.vpnaas.model.gateway.LocalGateway;
import net.vpnaas.model.net.IkeIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConnectionsTest {

    @TempDir
    Path dir;

    private GatewayConfiguration load(String json) throws Exception {
        return StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json)).configuration();
    }

    /** Every tunnel of a configuration whose peers are at IP addresses, mapped. */
    private static List<EngineConnections.EngineTunnel> connections(GatewayConfiguration config) throws Exception {
        List<EngineConnections.EngineTunnel> out = new ArrayList<>();
        for (var t : config.resolvedTunnels()) out.add(EngineConnections.of(config.gateway(), t, t.peer().ipAddress().orElseThrow()));
        return out;
    }

    @Test
    void mapsATunnelFieldByField() throws Exception {
        List<EngineConnections.EngineTunnel> tunnels = connections(load(ExampleConfigFiles.exampleJson()));

        assertThat(tunnels).hasSize(2);
        ConnectionConfig c = tunnels.getFirst().connection();
        assertThat(c.name()).isEqualTo("berlin-lan");
        assertThat(c.local().getAddress()).isEqualTo(InetAddress.ofLiteral("192.0.2.1")); // the IPv4 one, like the peer
        assertThat(c.local().getPort()).isEqualTo(500);
        assertThat(c.remote().getAddress()).isEqualTo(InetAddress.ofLiteral("198.51.100.7"));
        assertThat(c.localId()).isEqualTo(new Identity(Identity.ID_FQDN, "gw-fra-1.vpn.example".getBytes(StandardCharsets.US_ASCII)));
        assertThat(c.remoteId()).isEqualTo(new Identity(Identity.ID_FQDN, "berlin.vpn.example".getBytes(StandardCharsets.US_ASCII)));
        assertThat(c.authentication()).isInstanceOfSatisfying(Authentication.Psk.class,
                psk -> assertThat(new String(psk.key(), StandardCharsets.UTF_8)).isEqualTo(ExampleConfigFiles.PSK));
        assertThat(c.ikeProposals()).hasSize(2);
        assertThat(c.ikeProposals().get(1).prfs()).as("aes256-sha256-ecp256: the PRF follows the integrity algorithm")
                .containsExactly(net.vpnaas.ike.crypto.PrfAlgorithm.HMAC_SHA2_256);
        // pfsGroup x25519 from the policy travels inside every ESP proposal; esn stays off.
        assertThat(c.espProposals()).allSatisfy(p -> {
            assertThat(p.pfsGroups()).containsExactly(KeyExchangeMethod.CURVE25519);
            assertThat(p.esn()).isFalse();
        });
        // Lifetimes 28800 s / 3600 s with a 540 s margin: rekey 540 s before the end, minus up to the
        // fuzz (100 % of the margin). The engine has one jitter, a share of each base: the smaller
        // share (of the longer base) keeps both SAs within the contract.
        // The lifetimes themselves are the hard limits: a Child SA lives 3600 s, not 1.1 x its rekey time.
        assertThat(c.lifetimes().ikeRekey()).isEqualTo(Duration.ofSeconds(28_260));
        assertThat(c.lifetimes().ikeLifetime()).isEqualTo(Duration.ofSeconds(28_800));
        assertThat(c.lifetimes().childRekey()).isEqualTo(Duration.ofSeconds(3_060));
        assertThat(c.lifetimes().childLifetime()).isEqualTo(Duration.ofSeconds(3_600));
        assertThat(c.lifetimes().jitter()).isCloseTo(540.0 / 28_260, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.dpd()).isEqualTo(new DeadPeerDetection(Duration.ofSeconds(30), Duration.ofSeconds(150), DeadPeerDetection.Action.RESTART));
        assertThat(c.retransmit()).as("the policy's defaults").isEqualTo(RetransmitPolicy.DEFAULT);
        assertThat(c.fragmentSize()).isEqualTo(ConnectionConfig.DEFAULT_FRAGMENT_SIZE);
        assertThat(c.natTraversal()).isEqualTo(new NatTraversal(false, Duration.ofSeconds(20)));
        assertThat(c.remoteSelectors()).containsExactly(
                new TrafficSelector(InetAddress.ofLiteral("10.20.0.0"), InetAddress.ofLiteral("10.20.0.255"), 0, 0, 65535),
                new TrafficSelector(InetAddress.ofLiteral("10.21.0.0"), InetAddress.ofLiteral("10.21.0.255"), 0, 0, 65535));
        assertThat(c.localSelectors()).containsExactly(
                new TrafficSelector(InetAddress.ofLiteral("10.0.0.0"), InetAddress.ofLiteral("10.0.255.255"), 0, 0, 65535));
    }

    @Test
    void explicitRekeyTimesAreTheBasesAndTheirMarginsTheFuzz() {
        var policy = new CryptoPolicySpec("p", null, List.of("aes256gcm16-prfsha384-x25519"), List.of("aes256gcm16"),
                28_800, 3_600, 540, 100, null, null, null, null, null, null, 20_000, 3_000, null, null, null, null, null).withDefaults();
        var lifetimes = EngineConnections.lifetimes(policy);
        assertThat(lifetimes.ikeRekey()).isEqualTo(Duration.ofSeconds(20_000));
        assertThat(lifetimes.childRekey()).isEqualTo(Duration.ofSeconds(3_000));
        assertThat(lifetimes.ikeLifetime()).isEqualTo(Duration.ofSeconds(28_800));
        assertThat(lifetimes.childLifetime()).isEqualTo(Duration.ofSeconds(3_600));
        // IKE: up to 8800 s of fuzz on 20000 s (0.44); Child: up to 600 s on 3000 s (0.2); the engine takes the smaller
        assertThat(lifetimes.jitter()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void transportAndTcpPortAreThePolicys() {
        CryptoPolicySpec plain = new CryptoPolicySpec("p", Map.of(), List.of("aes256gcm16-prfsha384-x25519"), List.of("aes256gcm16"),
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null).withDefaults();
        assertThat(EngineConnections.transport(plain)).isEqualTo(IkeTransportPolicy.UDP);
        assertThat(EngineConnections.transport(withTransport(plain, "tcp", 443)))
                .isEqualTo(new IkeTransportPolicy(IkeTransportPolicy.Mode.TCP, 443));
        assertThat(EngineConnections.transport(withTransport(plain, "udp-with-tcp-fallback", 4500)))
                .isEqualTo(new IkeTransportPolicy(IkeTransportPolicy.Mode.UDP_WITH_TCP_FALLBACK, 4500));
    }

    private static CryptoPolicySpec withTransport(CryptoPolicySpec p, String transport, int port) {
        return new CryptoPolicySpec(p.name(), p.labels(), p.ikeProposals(), p.espProposals(), p.ikeLifetimeSeconds(),
                p.childLifetimeSeconds(), p.rekeyMarginSeconds(), p.rekeyFuzzPercent(), p.dpd(), p.replayWindow(), p.esn(),
                p.pfsGroup(), p.startAction(), p.encapsulation(), p.ikeRekeySeconds(), p.childRekeySeconds(), p.ikeFragmentSize(),
                p.retransmit(), p.natKeepaliveSeconds(), transport, port);
    }

    @Test
    void retransmissionsAreThePolicysPerConnection() {
        assertThat(EngineConnections.retransmitPolicy(new RetransmitSettings(500, 150, 10)))
                .isEqualTo(new RetransmitPolicy(Duration.ofMillis(500), 1.5, 10));
    }

    @Test
    void mapsEveryDpdActionAndKeepsTheTimeoutWithoutProbes() {
        assertThat(EngineConnections.deadPeerDetection(new DpdSettings(10, 30, "clear")))
                .isEqualTo(new DeadPeerDetection(Duration.ofSeconds(10), Duration.ofSeconds(30), DeadPeerDetection.Action.CLEAR));
        assertThat(EngineConnections.deadPeerDetection(new DpdSettings(10, 30, "hold")).action()).isEqualTo(DeadPeerDetection.Action.HOLD);
        assertThat(EngineConnections.deadPeerDetection(new DpdSettings(0, 5, "restart")))
                .isEqualTo(new DeadPeerDetection(Duration.ZERO, Duration.ofSeconds(5), DeadPeerDetection.Action.RESTART));
    }

    @Test
    void esnGoesIntoTheEspProposals() throws Exception {
        String json = ExampleConfigFiles.exampleJson().replace("\"esn\": false", "\"esn\": true");

        ConnectionConfig c = connections(load(json)).getFirst().connection();

        assertThat(c.espProposals()).allSatisfy(p -> assertThat(p.esn()).isTrue());
    }

    @Test
    void certificatePeerGetsTheGatewayChainAndThePeersCas() throws Exception {
        List<EngineConnections.EngineTunnel> tunnels = connections(load(ExampleConfigFiles.exampleJson()));

        ConnectionConfig paris = tunnels.get(1).connection();
        assertThat(paris.local().getAddress()).isEqualTo(InetAddress.ofLiteral("2001:db8::1")); // IPv6 peer, IPv6 source
        assertThat(paris.authentication()).isInstanceOfSatisfying(Authentication.Certificates.class, certs -> {
            assertThat(certs.chain().getFirst().getSubjectX500Principal().getName()).contains("CN=gw-fra-1.vpn.example");
            assertThat(certs.key().getAlgorithm()).isEqualTo("EC");
        });
    }

    @Test
    void everyTransformTenantModelOffersIsOneTheEngineImplements() {
        var prf = PseudoRandomFunction.HMAC_SHA2_256;
        var ke = net.vpnaas.model.crypto.KeyExchangeMethod.CURVE_25519;
        for (EncryptionAlgorithm e : EncryptionAlgorithm.values()) {
            var integrity = e.isAead() ? List.<IntegrityAlgorithm>of() : List.of(IntegrityAlgorithm.HMAC_SHA2_256_128);
            var cipher = EngineConnections.ike(new Proposal(List.of(e), integrity, List.of(prf), List.of(ke))).ciphers().getFirst();
            assertThat(cipher.algorithm().id()).as(e.name()).isEqualTo(e.ianaId());
            assertThat(cipher.keyBits()).as(e.name()).isEqualTo(e.keyBits());
        }
        var aes = List.of(EncryptionAlgorithm.AES_CBC_128);
        for (IntegrityAlgorithm i : IntegrityAlgorithm.values()) {
            assertThat(EngineConnections.ike(new Proposal(aes, List.of(i), List.of(prf), List.of(ke))).integrity().getFirst().id())
                    .as(i.name()).isEqualTo(i.ianaId());
        }
        var gcm = List.of(EncryptionAlgorithm.AES_GCM_16_128);
        for (PseudoRandomFunction f : PseudoRandomFunction.values()) {
            assertThat(EngineConnections.ike(new Proposal(gcm, List.of(), List.of(f), List.of(ke))).prfs().getFirst().id())
                    .as(f.name()).isEqualTo(f.ianaId());
        }
        for (var k : net.vpnaas.model.crypto.KeyExchangeMethod.values()) {
            if (k == net.vpnaas.model.crypto.KeyExchangeMethod.QKD) continue; // never in IKE_SA_INIT: qkdAndItsFallback...
            assertThat(EngineConnections.ike(new Proposal(gcm, List.of(), List.of(prf), List.of(k))).groups().getFirst().id())
                    .as(k.name()).isEqualTo(k.ianaId());
        }
    }

    @Test
    void additionalKeyExchangesBecomeTheEnginesAddke() {
        var proposal = net.vpnaas.model.crypto.ProposalParser.parse(net.vpnaas.model.crypto.ProposalParser.Protocol.IKE,
                "aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_mlkem1024-ke1_none-ke3_mlkem512");
        var ike = EngineConnections.ike(proposal);
        assertThat(ike.groups()).containsExactly(KeyExchangeMethod.CURVE25519);
        assertThat(ike.additional()).containsExactly(
                new AdditionalKeyExchangeConfig(1, List.of(KeyExchangeMethod.ML_KEM_768, KeyExchangeMethod.ML_KEM_1024), true),
                new AdditionalKeyExchangeConfig(3, List.of(KeyExchangeMethod.ML_KEM_512), false));
    }

    /** A hybrid pfsGroup: its first method becomes the ESP proposals' KE transform, the rest their ADDKE transforms. */
    @Test
    void aHybridPfsGroupBecomesTheEspProposalsKeyExchanges() {
        var policy = new CryptoPolicySpec("p", Map.of(), List.of("aes256gcm16-prfsha384-x25519-ke1_mlkem768"),
                List.of("aes256gcm16"), null, null, null, null, null, null, null, "x25519-ke1_mlkem768-ke1_none-ke2_mlkem1024",
                null, null, null, null, null, null, null, null, null).withDefaults();
        assertThat(policy.validate()).isEmpty();
        var esp = EngineConnections.esp(policy.parsedEspProposals().getFirst(), policy);
        assertThat(esp.pfsGroups()).containsExactly(KeyExchangeMethod.CURVE25519);
        assertThat(esp.additional()).containsExactly(
                new AdditionalKeyExchangeConfig(1, List.of(KeyExchangeMethod.ML_KEM_768), true),
                new AdditionalKeyExchangeConfig(2, List.of(KeyExchangeMethod.ML_KEM_1024), false));
    }

    @Test
    void qkdAndItsFallbackBecomeTheEnginesAlternatives() {
        var proposal = net.vpnaas.model.crypto.ProposalParser.parse(net.vpnaas.model.crypto.ProposalParser.Protocol.IKE,
                "aes256gcm16-prfsha384-x25519-ke1_qkd");
        PeerSpec failing = new PeerSpec("b", Map.of(), "198.51.100.7", "b.example.com", new PeerAuth.Psk("a-long-enough-psk"),
                List.of(), false, new PeerQkd("sae-b", "fail"));
        PeerSpec fallingBack = new PeerSpec("b", Map.of(), "198.51.100.7", "b.example.com", new PeerAuth.Psk("a-long-enough-psk"),
                List.of(), false, new PeerQkd("sae-b", "mlkem768"));
        assertThat(EngineConnections.qkdFallback(EngineConnections.ike(proposal), failing).additional())
                .containsExactly(new AdditionalKeyExchangeConfig(1, List.of(KeyExchangeMethod.QKD), false));
        assertThat(EngineConnections.qkdFallback(EngineConnections.ike(proposal), fallingBack).additional())
                .containsExactly(new AdditionalKeyExchangeConfig(1, List.of(KeyExchangeMethod.QKD, KeyExchangeMethod.ML_KEM_768), false));
        var esp = new net.vpnaas.ike.config.EspProposalConfig(List.of(new net.vpnaas.ike.sa.CipherChoice(
                net.vpnaas.ike.crypto.EncryptionAlgorithm.AES_GCM_16, 256)), List.of(), List.of(KeyExchangeMethod.QKD), false);
        assertThat(EngineConnections.qkdFallback(esp, fallingBack).pfsGroups())
                .containsExactly(KeyExchangeMethod.QKD, KeyExchangeMethod.ML_KEM_768);
        assertThat(EngineConnections.qkdFallback(esp, failing).pfsGroups()).containsExactly(KeyExchangeMethod.QKD);
    }

    @Test
    void aNullAuthPeerTakesTheNullMethodAndTheGatewayProvesItsPskOrNothing() throws Exception {
        String json = ExampleConfigFiles.exampleJson().replace("\"type\": \"psk\", \"pskFile\": \"secrets/branch-berlin.psk\"", "\"type\": \"null\"");
        var connection = connections(load(json)).getFirst().connection();
        assertThat(connection.authentication()).isEqualTo(net.vpnaas.ike.config.Authentication.Null.bothSides());
        String withPsk = ExampleConfigFiles.exampleJson().replace("\"type\": \"psk\", \"pskFile\": \"secrets/branch-berlin.psk\"",
                "\"type\": \"null\", \"gatewayPsk\": \"a-gateway-psk-long-enough\"");
        var auth = (net.vpnaas.ike.config.Authentication.Null) connections(load(withPsk)).getFirst().connection().authentication();
        assertThat(auth.peer()).as("the peer authenticates with NULL").isEmpty();
        assertThat(auth.local().orElseThrow().key()).isEqualTo("a-gateway-psk-long-enough".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPasswordPeerAuthenticatesWithPaceOnAnEcpGroup() throws Exception {
        String password = ExampleConfigFiles.exampleJson().replace("\"type\": \"psk\", \"pskFile\": \"secrets/branch-berlin.psk\"",
                "\"type\": \"password\", \"password\": \"402915\"");
        String ecp = password.replace("\"aes256gcm16-prfsha384-x25519\", ", "\"aes256gcm16-prfsha384-ecp384\", ");
        var auth = connections(load(ecp)).getFirst().connection().authentication();
        assertThat(auth).isInstanceOf(net.vpnaas.ike.config.Authentication.Password.class);
        assertThat(((net.vpnaas.ike.config.Authentication.Password) auth).password()).isEqualTo("402915".getBytes(StandardCharsets.UTF_8));
        // x25519 gives PACE's generic mapping no group element: tenant-model refuses the file (the engine would refuse the connection too).
        assertThatThrownBy(() -> connections(load(password))).hasMessageContaining("ECP groups");
    }

    @Test
    void aPeersPpksBecomeTheEnginesInOrder() {
        PeerSpec peer = new PeerSpec("branch", Map.of(), "198.51.100.7", "branch.example.com", new PeerAuth.Psk("a-long-enough-psk"),
                List.of(new PeerPpk("ppk-2026", "s".repeat(32)), new PeerPpk("ppk-2027", "t".repeat(40))), true);
        var ppk = EngineConnections.ppk(peer);
        assertThat(ppk.required()).isTrue();
        assertThat(ppk.keys()).extracting(k -> k.idText()).containsExactly("ppk-2026", "ppk-2027");
        assertThat(ppk.first().secret()).isEqualTo("s".repeat(32).getBytes(StandardCharsets.UTF_8));
        assertThat(EngineConnections.ppk(new PeerSpec("b", Map.of(), "198.51.100.7", "b.example.com", new PeerAuth.Psk(null)).withDefaults()))
                .isEqualTo(net.vpnaas.ike.config.PostQuantumPreSharedKeys.NONE);
    }

    @Test
    void identitiesAreMappedByType() {
        assertThat(EngineConnections.identity(IkeIdentity.parse("@branch")))
                .isEqualTo(new Identity(Identity.ID_FQDN, "branch".getBytes(StandardCharsets.US_ASCII)));
        assertThat(EngineConnections.identity(IkeIdentity.parse("2001:db8::7")))
                .isEqualTo(new Identity(Identity.ID_IPV6_ADDR, InetAddress.ofLiteral("2001:db8::7").getAddress()));
        assertThat(EngineConnections.identity(IkeIdentity.parse("ops@example.com")))
                .isEqualTo(new Identity(Identity.ID_RFC822_ADDR, "ops@example.com".getBytes(StandardCharsets.US_ASCII)));
        var dn = IkeIdentity.parse("C=DE, O=Example, CN=gw");
        assertThat(EngineConnections.identity(dn)).isEqualTo(new Identity(9, dn.distinguishedName().getEncoded()));
    }

    @Test
    void whatOnlyTheMapperCanFindIsRefusedNamingEachTunnel() throws Exception {
        GatewayConfiguration example = load(ExampleConfigFiles.exampleJson());
        // an IP literal of a family the gateway has no address of (which validation would have refused already),
        // as a DNS-named peer resolving only to such addresses is when it resolves
        var v4Only = new LocalGateway(new GatewaySpec("gw", null, List.of("192.0.2.1")), null,
                new GatewayCertificate(example.gateway().certificate().certificatePem(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        var v6Peer = new PeerSpec("v6", null, "2001:db8:9::1", "v6.example", new PeerAuth.Psk(ExampleConfigFiles.PSK));
        var certPeer = example.peers().get(1);
        CryptoPolicySpec policy = example.cryptoPolicies().getFirst();
        var config = new GatewayConfiguration(v4Only, List.of(v6Peer, certPeer), List.of(policy), List.of(
                new GatewayTunnel("to-v6", null, "v6", policy.name(), List.of("10.1.0.0/16"), List.of("10.2.0.0/16")),
                new GatewayTunnel("to-cert", null, certPeer.name(), policy.name(), List.of("10.1.0.0/16"), List.of("10.3.0.0/16"))))
                .withDefaults();

        assertThatThrownBy(() -> EngineConnections.check(config))
                .isInstanceOf(EngineConnections.UnsupportedException.class)
                .hasMessageContaining("tunnel to-v6: the gateway has no IPv6 address to reach peer 2001:db8:9::1")
                .hasMessageContaining("tunnel to-cert: ");
    }
}
