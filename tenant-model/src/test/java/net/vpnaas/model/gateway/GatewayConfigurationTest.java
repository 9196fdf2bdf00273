package net.vpnaas.model.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;

class GatewayConfigurationTest {
    private static final String PSK = "a shared key of enough bytes";

    private static final LocalGateway GATEWAY = new LocalGateway(
            new GatewaySpec("gw", null, List.of("192.0.2.1", "2001:db8::1")), null, null);

    private static PeerSpec psk(String name, String address) {
        return new PeerSpec(name, null, address, name + ".example", new PeerAuth.Psk(PSK));
    }

    private static CryptoPolicySpec policy(String name, String encapsulation) {
        return new CryptoPolicySpec(name, null, List.of("aes256gcm16-prfsha384-x25519"), List.of("aes256gcm16"),
                null, null, null, null, null, null, null, null, null, encapsulation, null, null, null, null, null, null, null);
    }

    private static GatewayTunnel tunnel(String name, String peer, String policy, String remote) {
        return new GatewayTunnel(name, null, peer, policy, List.of("10.1.0.0/16"), List.of(remote));
    }

    private static List<Violation> validate(LocalGateway gateway, List<PeerSpec> peers, List<CryptoPolicySpec> policies,
                                            List<GatewayTunnel> tunnels) {
        return new GatewayConfiguration(gateway, peers, policies, tunnels).withDefaults().validate(EndpointAddressRules.STRICT);
    }

    @Test
    void aValidConfigurationResolvesItsTunnels() {
        var config = new GatewayConfiguration(GATEWAY, List.of(psk("a", "198.51.100.1"), psk("b", "b.example.net")),
                List.of(policy("p", null)), List.of(tunnel("t1", "a", "p", "10.2.0.0/16"), tunnel("t2", "b", "p", "10.3.0.0/16")))
                .withDefaults();
        assertThat(config.validate(EndpointAddressRules.STRICT)).isEmpty();
        assertThat(config.resolvedTunnels()).extracting(t -> t.peer().name(), t -> t.cryptoPolicy().name())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "p"), org.assertj.core.groups.Tuple.tuple("b", "p"));
        assertThat(config.resolvedTunnels().getFirst().remoteTrafficSelectors()).hasToString("[10.2.0.0/16]");
        assertThat(config.gateway().identity().value()).as("the first public address by default").isEqualTo("192.0.2.1");
    }

    @Test
    void aPasswordPeerNeedsAPolicyWithOnlyEcpGroupsForIke() {
        var password = new PeerSpec("a", null, "198.51.100.1", "a.example", new PeerAuth.Password("402915"));
        var ecp = new CryptoPolicySpec("ecp", null, List.of("aes256gcm16-prfsha384-ecp384", "aes128gcm16-prfsha256-ecp256-ke1_mlkem768"),
                List.of("aes256gcm16"), null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        var mixed = new CryptoPolicySpec("mixed", null, List.of("aes256gcm16-prfsha384-ecp384-x25519"), List.of("aes256gcm16"),
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(validate(GATEWAY, List.of(password), List.of(ecp), List.of(tunnel("t", "a", "ecp", "10.2.0.0/16"))))
                .as("ECP groups, an ML-KEM additional key exchange besides").isEmpty();
        assertThat(validate(GATEWAY, List.of(password), List.of(mixed), List.of(tunnel("t", "a", "mixed", "10.2.0.0/16"))))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("tunnels[0].cryptoPolicy");
                    assertThat(v.detail()).contains("peer 'a'", "password", "x25519").doesNotContain("ecp384,");
                });
        assertThat(validate(GATEWAY, List.of(psk("a", "198.51.100.1")), List.of(mixed), List.of(tunnel("t", "a", "mixed", "10.2.0.0/16"))))
                .as("a PSK peer takes any group").isEmpty();
    }

    @Test
    void eachPartIsValidatedAsTheRestApiValidatesItUnderItsPath() {
        var badGateway = new LocalGateway(new GatewaySpec("gw", null, List.of("192.0.2.1", "127.0.0.1")), "not an identity", null);
        assertThat(validate(badGateway, List.of(psk("a", "198.51.100.1"), psk("b", "224.0.0.1")),
                List.of(policy("p", "udp")), List.of(tunnel("t", "a", "p", "10.2.0.9-10.2.0.0"))))
                .extracting(Violation::field).containsExactly(
                        "gateway.publicAddresses[1]", "gateway.ikeIdentity", "peers[1].address", "cryptoPolicies[0].encapsulation",
                        "tunnels[0].remoteTrafficSelectors[0]");
    }

    @Test
    void referencesMustResolveButAreNotBlamedForTheErrorsOfWhatTheyName() {
        assertThat(validate(GATEWAY, List.of(psk("bad", "0.0.0.0")), List.of(policy("p", "tcp")),
                List.of(tunnel("t", "bad", "p", "10.2.0.0/16"), tunnel("u", "nobody", "nothing", "10.2.0.0/16"))))
                .extracting(Violation::field, Violation::detail).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("peers[0].address",
                                "'0.0.0.0' is unspecified (\"this network\") (0.0.0.0/8), never a VPN endpoint"),
                        org.assertj.core.groups.Tuple.tuple("cryptoPolicies[0].encapsulation", "must be one of auto, force_udp"),
                        org.assertj.core.groups.Tuple.tuple("tunnels[1].peer", "no peer named 'nobody'"),
                        org.assertj.core.groups.Tuple.tuple("tunnels[1].cryptoPolicy", "no crypto policy named 'nothing'"));
    }

    @Test
    void namesAreUniquePerList() {
        assertThat(validate(GATEWAY, List.of(psk("a", "198.51.100.1"), psk("a", "198.51.100.2")), List.of(policy("p", null)),
                List.of(tunnel("t", "a", "p", "10.2.0.0/16"), tunnel("t", "a", "p", "10.3.0.0/16"))))
                .extracting(Violation::field, Violation::detail).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("peers[1].name", "duplicate name 'a' in peers"),
                        org.assertj.core.groups.Tuple.tuple("tunnels[1].name", "duplicate name 't' in tunnels"));
    }

    @Test
    void aGatewayNeedsEveryPeersKey() {
        var noKey = new PeerSpec("a", null, "198.51.100.1", "a.example", new PeerAuth.Psk(null));
        assertThat(validate(GATEWAY, List.of(noKey), List.of(), List.of()))
                .containsExactly(new Violation("peers[0].auth.psk", "is required"));
    }

    @Test
    void aTunnelsPeerMustBeReachableFromAGatewayAddressOfItsFamily() {
        var v4Only = new LocalGateway(new GatewaySpec("gw", null, List.of("192.0.2.1")), null, null);
        assertThat(validate(v4Only, List.of(psk("a", "2001:db8:9::1"), psk("b", "b.example.net")), List.of(policy("p", null)),
                List.of(tunnel("t", "a", "p", "10.2.0.0/16"), tunnel("u", "b", "p", "10.3.0.0/16"))))
                .containsExactly(new Violation("tunnels[0].peer", "peer 'a' is at IPv6 address 2001:db8:9::1,"
                        + " and gateway 'gw' has no IPv6 public address to reach it from"));
        // while the gateway itself is invalid, nothing is said about what reaches it
        var broken = new LocalGateway(new GatewaySpec("gw", null, List.of("192.0.2.1", "::1")), null, null);
        assertThat(validate(broken, List.of(psk("a", "2001:db8:9::1")), List.of(policy("p", null)),
                List.of(tunnel("t", "a", "p", "10.2.0.0/16")))).extracting(Violation::field)
                .containsExactly("gateway.publicAddresses[1]");
    }

    @Test
    void aCertificatePeerNeedsAGatewayCertificateAndItsOwnIdentityAsTheExpectedOne() {
        var cert = new PeerSpec("c", null, "198.51.100.1", "c.example", new PeerAuth.Certificate(TestPem.CA, "c.example"));
        var otherName = new PeerSpec("d", null, "198.51.100.2", "d.example", new PeerAuth.Certificate(TestPem.CA, "CN=d"));
        List<PeerSpec> peers = List.of(cert, otherName);
        List<GatewayTunnel> tunnels = List.of(tunnel("t", "c", "p", "10.2.0.0/16"), tunnel("u", "d", "p", "10.3.0.0/16"));

        assertThat(validate(GATEWAY, peers, List.of(policy("p", null)), tunnels)).satisfiesExactly(
                v -> assertThat(v.field() + ": " + v.detail()).startsWith("tunnels[0].peer: peer 'c' authenticates with a certificate, but gateway 'gw' has no IKE certificate"),
                v -> assertThat(v.field() + ": " + v.detail()).startsWith("tunnels[1].peer: peer 'd' authenticates with a certificate"),
                v -> assertThat(v.field() + ": " + v.detail()).startsWith("tunnels[1].peer: peer 'd' expects the certificate identity 'CN=d' but names itself 'd.example'"));

        var withCertificate = new LocalGateway(GATEWAY.spec(), "gw.example",
                new GatewayCertificate(TestPem.CA, "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"));
        assertThat(validate(withCertificate, peers, List.of(policy("p", null)), tunnels))
                .extracting(Violation::field).containsExactly("tunnels[1].peer");
    }

    @Test
    void aGatewayCertificateMustBeACertificateAndAKey() {
        var bad = new LocalGateway(GATEWAY.spec(), null, new GatewayCertificate("hello", "hello"));
        assertThat(validate(bad, List.of(), List.of(), List.of())).extracting(Violation::field)
                .containsExactly("gateway.certificatePem", "gateway.privateKeyPem");
        assertThat(bad.certificate().toString()).doesNotContain("hello");
    }

    @Test
    void aMissingGatewayIsRequired() {
        assertThat(new GatewayConfiguration(null, null, null, null).validate(EndpointAddressRules.STRICT))
                .containsExactly(new Violation("gateway", "is required"));
        assertThat(validate(GATEWAY, List.of(), List.of(), List.of())).isEmpty();
    }
}
