package net.vpnaas.api.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.agent.config.ConfigException;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.agent.managed.ManagedGateway;
import net.vpnaas.agent.managed.SnapshotTranslator;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.api.TestCertificates;
import net.vpnaas.api.agent.SnapshotSource;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.agent.v1.CertificateAuth;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.DpdAction;
import net.vpnaas.model.agent.v1.Encapsulation;
import net.vpnaas.model.agent.v1.IkeTransport;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Peer;
import net.vpnaas.model.agent.v1.Ppk;
import net.vpnaas.model.agent.v1.StartAction;
import net.vpnaas.model.agent.v1.Tunnel;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.GatewayTunnel;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One vocabulary, three encodings: every generated configuration ({@link GeneratedConfigurations},
 * a few hundred from a fixed seed) goes through the REST API (on embedded PostgreSQL: the gateway,
 * peers, policies and tunnels created one by one), a standalone file (the agent's loader) and a
 * pushed snapshot (the agent's translation), and all three must accept it or refuse it naming the
 * same fields. An accepted one must also be runnable: the agent maps the file, the snapshot and the
 * snapshot the control plane builds from what the API stored to engine connections without refusal.
 *
 * <p>Fields are compared as (part, index, field) with the part's own field in the REST API's terms.
 * The file and the snapshot name {@code tunnels[1].localTrafficSelectors[0]}, the API
 * {@code localTrafficSelectors[0]} in the response to the second tunnel's POST; a tunnel's
 * {@code peer} and {@code cryptoPolicy} are the API's {@code peerId} and {@code policyId}. Where a
 * tunnel names a part the API refused, the API says "no such ..." for the id; the file and the
 * snapshot, having the part, say only what is wrong with the part itself: that one answer of the
 * API is left out.
 */
class ThreeEncodingsOneVerdictTest extends ApiTestBase {
    private static final long SEED = 19L;
    private static final int CASES = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PART = Pattern.compile("^(peers|cryptoPolicies|tunnels)\\[(\\d+)]\\.(.+)$");
    private static final Map<String, String> TUNNEL_REFERENCES = Map.of("peer", "peerId", "cryptoPolicy", "policyId");

    @Autowired
    SnapshotSource snapshots;

    @TempDir
    Path dir;

    @Test
    void theApiTheFileAndTheSnapshotAcceptOrRefuseEveryConfigurationAlikeNamingTheSameFields() throws Exception {
        ApiClient api = newTenant("customer").admin();
        Random random = new Random(SEED);
        Set<String> mutationsSeen = new TreeSet<>();
        int accepted = 0;
        for (int n = 0; n < CASES; n++) {
            var generated = GeneratedConfigurations.generate(random, n, TestCertificates.CA_PEM);
            GatewayConfiguration config = generated.configuration();
            String what = "case " + n + " " + generated.mutations();
            mutationsSeen.addAll(generated.mutations());

            ApiVerdict viaApi = viaApi(api, config);
            Set<String> viaFile = viaFile(config, what);
            Set<String> viaSnapshot = viaSnapshot(config, what);

            assertThat(viaFile).as(what + ": the file against the API").isEqualTo(viaApi.fields());
            assertThat(viaSnapshot).as(what + ": the snapshot against the API").isEqualTo(viaApi.fields());
            if (viaApi.fields().isEmpty()) {
                accepted++;
                var stored = snapshots.current(UUID.fromString(viaApi.gatewayId())).orElseThrow();
                assertThat(stored.getTunnelsCount()).as(what).isEqualTo(config.tunnels().size());
                assertThat(ManagedGateway.check(stored)).as(what + ": the snapshot built from what the API stored").isEmpty();
            }
        }
        System.out.println("three encodings: " + CASES + " configurations, " + accepted + " accepted by all, "
                + (CASES - accepted) + " refused by all naming the same fields");
        assertThat(accepted).as("accepted cases").isBetween(CASES / 5, CASES / 2);
        assertThat(mutationsSeen).as("every mutation was tried").containsAll(GeneratedConfigurations.mutationNames());
    }

    /** What the API said, and the id of the gateway when it was created. */
    private record ApiVerdict(Set<String> fields, String gatewayId) {}

    private static ApiVerdict viaApi(ApiClient api, GatewayConfiguration config) {
        Set<String> fields = new TreeSet<>();
        HttpResult gateway = api.post("/v1/gateways", object("name", config.gateway().name(),
                "publicAddresses", config.gateway().spec().publicAddresses()));
        String gatewayId = created(fields, "gateway", 0, gateway);
        Map<String, String> peers = createAll(api, fields, "peers", "/v1/peers",
                config.peers().stream().map(p -> Map.entry(String.valueOf(p.name()), peerBody(p))).toList());
        Map<String, String> policies = createAll(api, fields, "cryptoPolicies", "/v1/crypto-policies",
                config.cryptoPolicies().stream().map(c -> Map.entry(String.valueOf(c.name()), policyBody(c))).toList());
        Set<String> peerNames = names(config.peers().stream().map(PeerSpec::name).toList());
        Set<String> policyNames = names(config.cryptoPolicies().stream().map(CryptoPolicySpec::name).toList());
        for (int i = 0; i < config.tunnels().size(); i++) {
            GatewayTunnel t = config.tunnels().get(i);
            Map<String, Object> body = object("name", t.name(),
                    "gatewayId", gatewayId != null ? gatewayId : UUID.randomUUID().toString(),
                    "peerId", peers.getOrDefault(t.peer(), UUID.randomUUID().toString()),
                    "policyId", policies.getOrDefault(t.cryptoPolicy(), UUID.randomUUID().toString()),
                    "localTrafficSelectors", t.localTrafficSelectors(), "remoteTrafficSelectors", t.remoteTrafficSelectors());
            if (t.peer() == null) body.remove("peerId");
            HttpResult tunnel = api.post("/v1/tunnels", body);
            Set<String> refusedParts = new HashSet<>();
            if (gatewayId == null) refusedParts.add("gatewayId");
            if (peerNames.contains(t.peer()) && !peers.containsKey(t.peer())) refusedParts.add("peerId");
            if (policyNames.contains(t.cryptoPolicy()) && !policies.containsKey(t.cryptoPolicy())) refusedParts.add("policyId");
            if (tunnel.status() != 201) {
                assertThat(tunnel.status()).as(tunnel.body()).isEqualTo(422);
                for (String field : tunnel.errorFields()) {
                    if (!refusedParts.contains(field)) fields.add(key("tunnels", i, field));
                }
            }
        }
        return new ApiVerdict(fields, gatewayId);
    }

    private static Map<String, String> createAll(ApiClient api, Set<String> fields, String part, String path,
                                                 List<Map.Entry<String, Map<String, Object>>> bodies) {
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < bodies.size(); i++) {
            String id = created(fields, part, i, api.post(path, bodies.get(i).getValue()));
            if (id != null) ids.put(bodies.get(i).getKey(), id);
        }
        return ids;
    }

    /** The id when created; otherwise the fields the API named, recorded under the part. */
    private static String created(Set<String> fields, String part, int index, HttpResult result) {
        if (result.status() == 201) return result.id();
        assertThat(result.status()).as(result.body()).isEqualTo(422);
        result.errorFields().forEach(f -> fields.add(key(part, index, f)));
        return null;
    }

    private Set<String> viaFile(GatewayConfiguration config, String what) throws Exception {
        Map<String, Object> file = object(
                "gateway", object("name", config.gateway().name(), "publicAddresses", config.gateway().spec().publicAddresses()),
                "peers", config.peers().stream().map(ThreeEncodingsOneVerdictTest::peerBody).toList(),
                "cryptoPolicies", config.cryptoPolicies().stream().map(ThreeEncodingsOneVerdictTest::policyBody).toList(),
                "tunnels", config.tunnels().stream().map(t -> object("name", t.name(), "peer", t.peer(),
                        "cryptoPolicy", t.cryptoPolicy(), "localTrafficSelectors", t.localTrafficSelectors(),
                        "remoteTrafficSelectors", t.remoteTrafficSelectors())).toList());
        StandaloneConfig loaded;
        try {
            loaded = StandaloneConfigLoader.parse(JSON.writeValueAsString(file), dir, what);
        } catch (ConfigException e) {
            return keys(e.errors());
        }
        EngineConnections.check(loaded.configuration()); // what --check and a start run next: must not refuse
        return Set.of();
    }

    private static Set<String> viaSnapshot(GatewayConfiguration config, String what) {
        GatewaySnapshot snapshot = snapshot(config);
        var translation = SnapshotTranslator.read(snapshot);
        assertThat(ManagedGateway.check(snapshot).isPresent()).as(what + ": the agent refuses a snapshot exactly when it is invalid")
                .isEqualTo(!translation.violations().isEmpty());
        return keys(translation.violations());
    }

    /** No case here has it: the three encodings share no form of it yet. */
    private static final String NULL_AUTH_FILE_ONLY = "NULL authentication is in the standalone file only, not yet in the REST API or the snapshot";

    /** The snapshot a control plane would send: policies complete, with the API's defaults. */
    private static GatewaySnapshot snapshot(GatewayConfiguration config) {
        var s = GatewaySnapshot.newBuilder().setVersion(1).setGatewayName(text(config.gateway().name()));
        if (config.gateway().spec().publicAddresses() != null) s.addAllLocalAddresses(config.gateway().spec().publicAddresses());
        for (PeerSpec p : config.peers()) {
            var peer = Peer.newBuilder().setName(text(p.name())).setAddress(text(p.address())).setIkeIdentity(text(p.ikeIdentity()));
            switch (p.auth()) {
                case PeerAuth.Psk(String psk) -> peer.setPsk(psk);
                case PeerAuth.Certificate(String pem, String expected) -> peer.setCertificate(
                        CertificateAuth.newBuilder().setTrustedCaBundlePem(text(pem)).setExpectedIdentity(text(expected)));
                case PeerAuth.Null n -> throw new AssertionError(NULL_AUTH_FILE_ONLY);
                case PeerAuth.Password(String password) -> peer.setPassword(password);
                case null -> { }
            }
            if (p.ppks() != null) {
                p.ppks().forEach(k -> peer.addPpks(Ppk.newBuilder().setId(text(k.id())).setSecret(text(k.secret()))));
            }
            if (p.ppkRequired() != null) peer.setPpkRequired(p.ppkRequired());
            s.addPeers(peer);
        }
        for (CryptoPolicySpec given : config.cryptoPolicies()) {
            CryptoPolicySpec c = given.withDefaults();
            var policy = CryptoPolicy.newBuilder().setName(text(c.name()))
                    .setIkeLifetimeSeconds(c.ikeLifetimeSeconds()).setChildLifetimeSeconds(c.childLifetimeSeconds())
                    .setRekeyMarginSeconds(c.rekeyMarginSeconds()).setRekeyFuzzPercent(c.rekeyFuzzPercent())
                    .setDpdIntervalSeconds(c.dpd().intervalSeconds()).setDpdTimeoutSeconds(c.dpd().timeoutSeconds())
                    .setReplayWindow(c.replayWindow()).setEsn(c.esn()).setPfsGroup(text(c.pfsGroup()));
            if (c.ikeFragmentSize() != null) policy.setIkeFragmentSize(c.ikeFragmentSize());
            if (c.natKeepaliveSeconds() != null) policy.setNatKeepaliveSeconds(c.natKeepaliveSeconds());
            if (c.tcpPort() != null) policy.setTcpPort(c.tcpPort());
            policy.setRetransmitTimeoutMillis(c.retransmit().timeoutMillis()).setRetransmitBackoffPercent(c.retransmit().backoffPercent())
                    .setRetransmitTries(c.retransmit().tries());
            if (c.ikeRekeySeconds() != null) policy.setIkeRekeySeconds(c.ikeRekeySeconds());
            if (c.childRekeySeconds() != null) policy.setChildRekeySeconds(c.childRekeySeconds());
            if (c.ikeProposals() != null) policy.addAllIkeProposals(c.ikeProposals());
            if (c.espProposals() != null) policy.addAllEspProposals(c.espProposals());
            switch (c.dpd().action()) {
                case "clear" -> policy.setDpdAction(DpdAction.DPD_ACTION_CLEAR);
                case "hold" -> policy.setDpdAction(DpdAction.DPD_ACTION_HOLD);
                case "restart" -> policy.setDpdAction(DpdAction.DPD_ACTION_RESTART);
                default -> policy.setDpdActionValue(99); // a value this proto does not know
            }
            switch (c.startAction()) {
                case "initiate" -> policy.setStartAction(StartAction.START_ACTION_INITIATE);
                case "respond" -> policy.setStartAction(StartAction.START_ACTION_RESPOND);
                default -> policy.setStartActionValue(99);
            }
            switch (c.encapsulation()) {
                case "auto" -> policy.setEncapsulation(Encapsulation.ENCAPSULATION_AUTO);
                case "force_udp" -> policy.setEncapsulation(Encapsulation.ENCAPSULATION_FORCE_UDP);
                default -> policy.setEncapsulationValue(99);
            }
            switch (c.transport()) {
                case "udp" -> policy.setTransport(IkeTransport.IKE_TRANSPORT_UDP);
                case "tcp" -> policy.setTransport(IkeTransport.IKE_TRANSPORT_TCP);
                case "udp-with-tcp-fallback" -> policy.setTransport(IkeTransport.IKE_TRANSPORT_UDP_WITH_TCP_FALLBACK);
                default -> policy.setTransportValue(99);
            }
            s.addPolicies(policy);
        }
        for (GatewayTunnel t : config.tunnels()) {
            var tunnel = Tunnel.newBuilder().setId(UUID.randomUUID().toString()).setName(text(t.name()))
                    .setPeerName(text(t.peer())).setPolicyName(text(t.cryptoPolicy()));
            if (t.localTrafficSelectors() != null) tunnel.addAllLocalTrafficSelectors(t.localTrafficSelectors());
            if (t.remoteTrafficSelectors() != null) tunnel.addAllRemoteTrafficSelectors(t.remoteTrafficSelectors());
            s.addTunnels(tunnel);
        }
        return s.build();
    }

    /** The REST API's peer body, which is also a standalone file's peer. */
    private static Map<String, Object> peerBody(PeerSpec p) {
        Map<String, Object> auth = switch (p.auth()) {
            case PeerAuth.Psk(String psk) -> object("type", "psk", "psk", psk);
            case PeerAuth.Certificate(String pem, String expected) ->
                    object("type", "certificate", "caBundlePem", pem, "expectedIdentity", expected);
            case PeerAuth.Null n -> throw new AssertionError(NULL_AUTH_FILE_ONLY);
            case PeerAuth.Password(String password) -> object("type", "password", "password", password);
            case null -> null;
        };
        List<Map<String, Object>> ppks = p.ppks() == null ? null
                : p.ppks().stream().map(k -> object("id", k.id(), "secret", k.secret())).toList();
        return object("name", p.name(), "address", p.address(), "ikeIdentity", p.ikeIdentity(), "auth", auth,
                "ppks", ppks, "ppkRequired", p.ppkRequired());
    }

    /** The REST API's crypto policy body, which is also a standalone file's crypto policy. */
    private static Map<String, Object> policyBody(CryptoPolicySpec c) {
        return object("name", c.name(), "ikeProposals", c.ikeProposals(), "espProposals", c.espProposals(),
                "ikeLifetimeSeconds", c.ikeLifetimeSeconds(), "childLifetimeSeconds", c.childLifetimeSeconds(),
                "rekeyMarginSeconds", c.rekeyMarginSeconds(), "rekeyFuzzPercent", c.rekeyFuzzPercent(),
                "dpd", c.dpd() == null ? null : object("intervalSeconds", c.dpd().intervalSeconds(),
                        "timeoutSeconds", c.dpd().timeoutSeconds(), "action", c.dpd().action()),
                "replayWindow", c.replayWindow(), "esn", c.esn(), "pfsGroup", c.pfsGroup(),
                "startAction", c.startAction(), "encapsulation", c.encapsulation(),
                "ikeRekeySeconds", c.ikeRekeySeconds(), "childRekeySeconds", c.childRekeySeconds(),
                "ikeFragmentSize", c.ikeFragmentSize(),
                "retransmit", c.retransmit() == null ? null : object("timeoutMillis", c.retransmit().timeoutMillis(),
                        "backoffPercent", c.retransmit().backoffPercent(), "tries", c.retransmit().tries()),
                "natKeepaliveSeconds", c.natKeepaliveSeconds(), "transport", c.transport(), "tcpPort", c.tcpPort());
    }

    /** A JSON object of the pairs whose value is not null, in order. */
    private static Map<String, Object> object(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Proto3 strings: absent is empty. */
    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static Set<String> names(List<String> names) {
        Set<String> out = new HashSet<>(names);
        out.remove(null);
        return out;
    }

    /** Violations of the file or the snapshot as (part, index, field in the REST API's terms). */
    private static Set<String> keys(List<Violation> violations) {
        Set<String> out = new TreeSet<>();
        for (Violation v : violations) {
            Matcher m = PART.matcher(v.field());
            if (v.field().startsWith("gateway.")) {
                out.add(key("gateway", 0, v.field().substring("gateway.".length())));
            } else if (m.matches()) {
                String field = m.group(1).equals("tunnels") ? TUNNEL_REFERENCES.getOrDefault(m.group(3), m.group(3)) : m.group(3);
                out.add(key(m.group(1), Integer.parseInt(m.group(2)), field));
            } else {
                fail("a violation outside any part: " + v);
            }
        }
        return out;
    }

    private static String key(String part, int index, String field) {
        return part + "#" + index + " " + field;
    }
}
