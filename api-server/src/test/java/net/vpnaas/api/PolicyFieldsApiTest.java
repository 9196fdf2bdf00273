package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.agent.SnapshotSource;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.IkeTransport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Crypto policy fields that tune how a gateway runs its tunnels (and a hybrid PFS group): written, shown back as written
 * (optional ones only when given), changed by a merge patch, and carried to the gateway's snapshot.
 */
class PolicyFieldsApiTest extends ApiTestBase {

    @Autowired
    SnapshotSource snapshots;

    private static Map<String, Object> policyWith(String name, Object... fields) {
        Map<String, Object> policy = policyBody(name);
        policy.putAll(body(fields));
        return policy;
    }

    /** The policy as the gateway of {@code resources} gets it. */
    private CryptoPolicy pushed(Resources resources) {
        return snapshots.current(UUID.fromString(resources.gatewayId())).orElseThrow().getPolicies(0);
    }

    @Test
    void fragmentSizeAndRetransmissionsHaveDefaultsAreChangedInPartsAndReachTheGateway() {
        ApiClient api = newTenant("customer").admin();
        Resources r = createResources(api);
        var defaults = api.get("/v1/crypto-policies/" + r.policyId()).json();
        assertThat(defaults.get("ikeFragmentSize").asInt()).isEqualTo(1280);
        assertThat(defaults.get("retransmit").toString()).isEqualTo("{\"timeoutMillis\":4000,\"backoffPercent\":180,\"tries\":6}");

        HttpResult patched = api.patch("/v1/crypto-policies/" + r.policyId(),
                body("ikeFragmentSize", 0, "retransmit", body("timeoutMillis", 500)));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("ikeFragmentSize").asInt()).as("0: off, not the default").isZero();
        assertThat(patched.json().get("retransmit").toString()).isEqualTo("{\"timeoutMillis\":500,\"backoffPercent\":180,\"tries\":6}");
        CryptoPolicy pushed = pushed(r);
        assertThat(pushed.hasIkeFragmentSize()).isTrue();
        assertThat(pushed.getIkeFragmentSize()).isZero();
        assertThat(pushed.getRetransmitTimeoutMillis()).isEqualTo(500);
        assertThat(pushed.getRetransmitBackoffPercent()).isEqualTo(180);
        assertThat(pushed.getRetransmitTries()).isEqualTo(6);
    }

    /** PFS with X25519 and then ML-KEM-768 (RFC 9370), in strongSwan's syntax: shown back and pushed as written. */
    @Test
    void aHybridPfsGroupIsShownBackAndReachesTheGateway() {
        ApiClient api = newTenant("customer").admin();
        Resources r = createResources(api);
        HttpResult patched = api.patch("/v1/crypto-policies/" + r.policyId(), body("pfsGroup", "x25519-ke1_mlkem768"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("pfsGroup").asText()).isEqualTo("x25519-ke1_mlkem768");
        assertThat(pushed(r).getPfsGroup()).isEqualTo("x25519-ke1_mlkem768");

        HttpResult refused = api.patch("/v1/crypto-policies/" + r.policyId(), body("pfsGroup", "x25519-mlkem768"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("pfsGroup");
        assertThat(refused.json().get("errors").get(0).get("detail").asText()).startsWith("'mlkem768': after the key exchange method");
        assertThat(pushed(r).getPfsGroup()).as("unchanged").isEqualTo("x25519-ke1_mlkem768");
    }

    @Test
    void transportDefaultsToUdpAndTcpWithItsPortReachesTheGateway() {
        ApiClient api = newTenant("customer").admin();
        Resources r = createResources(api);
        var policy = api.get("/v1/crypto-policies/" + r.policyId()).json();
        assertThat(policy.get("transport").asText()).isEqualTo("udp");
        assertThat(policy.get("tcpPort").asInt()).isEqualTo(4500);
        assertThat(pushed(r).getTransport()).isEqualTo(IkeTransport.IKE_TRANSPORT_UDP);
        HttpResult tcp = api.patch("/v1/crypto-policies/" + r.policyId(), body("transport", "udp-with-tcp-fallback", "tcpPort", 443));
        assertThat(tcp.status()).as(tcp.body()).isEqualTo(200);
        assertThat(tcp.json().get("transport").asText()).isEqualTo("udp-with-tcp-fallback");
        assertThat(tcp.json().get("tcpPort").asInt()).isEqualTo(443);
        assertThat(pushed(r).getTransport()).isEqualTo(IkeTransport.IKE_TRANSPORT_UDP_WITH_TCP_FALLBACK);
        assertThat(pushed(r).getTcpPort()).isEqualTo(443);
    }

    @Test
    void natKeepalivesDefaultTo20SecondsAndMayBeOff() {
        ApiClient api = newTenant("customer").admin();
        Resources r = createResources(api);
        assertThat(api.get("/v1/crypto-policies/" + r.policyId()).json().get("natKeepaliveSeconds").asInt()).isEqualTo(20);
        assertThat(pushed(r).getNatKeepaliveSeconds()).isEqualTo(20);
        HttpResult off = api.patch("/v1/crypto-policies/" + r.policyId(), body("natKeepaliveSeconds", 0));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().get("natKeepaliveSeconds").asInt()).isZero();
        assertThat(pushed(r).hasNatKeepaliveSeconds()).as("0 is sent: off, not the default").isTrue();
        assertThat(pushed(r).getNatKeepaliveSeconds()).isZero();
    }

    @Test
    void rekeyTimesAreOptionalAndReachTheGateway() {
        ApiClient api = newTenant("customer").admin();
        Resources r = createResources(api);
        assertThat(api.get("/v1/crypto-policies/" + r.policyId()).json().has("ikeRekeySeconds")).as("absent unless given").isFalse();
        assertThat(pushed(r).hasIkeRekeySeconds()).isFalse();

        HttpResult given = api.put("/v1/crypto-policies/" + r.policyId(), policyWith("p", "ikeRekeySeconds", 20_000, "childRekeySeconds", 3_000),
                "If-Match", "\"0\"");
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        assertThat(given.json().get("ikeRekeySeconds").asInt()).isEqualTo(20_000);
        assertThat(given.json().get("childRekeySeconds").asInt()).isEqualTo(3_000);
        assertThat(pushed(r).getIkeRekeySeconds()).isEqualTo(20_000);
        assertThat(pushed(r).getChildRekeySeconds()).isEqualTo(3_000);

        HttpResult patched = api.patch("/v1/crypto-policies/" + r.policyId(), body("childRekeySeconds", null));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().has("childRekeySeconds")).as("null removes it: the margin applies again").isFalse();
        assertThat(patched.json().get("ikeRekeySeconds").asInt()).isEqualTo(20_000);
        assertThat(pushed(r).hasChildRekeySeconds()).isFalse();
        assertThat(pushed(r).getIkeRekeySeconds()).isEqualTo(20_000);
    }
}
