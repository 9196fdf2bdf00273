package net.vpnaas.api.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.agent.SnapshotBuilder;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.Peer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * NULL authentication (RFC 7619) through the API: a peer of auth type null, with or without the PSK our
 * gateway proves itself with (write-only: only whether there is one is shown, kept when an update does
 * not name it), reaches the agent as such; refusals name the field; no peer configuration is offered.
 */
class PeerNullAuthApiTest extends ApiTestBase {
    private static final String GATEWAY_PSK = "the-gateway-proves-this-psk";

    @Autowired SnapshotBuilder snapshots;

    private static Map<String, Object> nullPeer(String name, Map<String, Object> auth) {
        return with(peerBody(name), "auth", auth);
    }

    @Test
    void aNullPeerIsShownWithoutItsGatewayPskAndReachesTheAgent() {
        var api = newTenant("customer").admin();
        HttpResult anonymous = api.post("/v1/peers", nullPeer(unique("p"), body("type", "null")));
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(201);
        assertThat(anonymous.json().get("auth").toString()).isEqualTo("{\"type\":\"null\",\"gatewayPsk\":false}");
        assertThat(anonymous.json().has("generatedPsk")).as("nothing generated: no PSK is the point").isFalse();

        HttpResult proven = api.post("/v1/peers", nullPeer(unique("p"), body("type", "null", "gatewayPsk", GATEWAY_PSK)));
        assertThat(proven.status()).as(proven.body()).isEqualTo(201);
        assertThat(proven.json().get("auth").toString()).isEqualTo("{\"type\":\"null\",\"gatewayPsk\":true}");
        assertThat(proven.body()).doesNotContain(GATEWAY_PSK);
        assertThat(api.get("/v1/peers/" + proven.id()).body()).doesNotContain(GATEWAY_PSK).contains("\"gatewayPsk\":true");

        // An update not naming the gateway's PSK keeps it.
        HttpResult renamed = api.patch("/v1/peers/" + proven.id(), body("name", unique("renamed")), "If-Match", proven.etag(),
                "Content-Type", "application/merge-patch+json");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("auth").get("gatewayPsk").asBoolean()).isTrue();

        String gateway = created(api.post("/v1/gateways", gatewayBody(unique("gw"))));
        String policy = created(api.post("/v1/crypto-policies", policyBody(unique("pol"))));
        String tunnel = created(api.post("/v1/tunnels", tunnelBody(unique("t1"), gateway, proven.id(), policy)));
        created(api.post("/v1/tunnels", tunnelBody(unique("t2"), gateway, anonymous.id(), policy)));
        List<Peer> peers = snapshots.current(UUID.fromString(gateway)).orElseThrow().getPeersList();
        assertThat(peers).extracting(p -> p.getAuthenticationCase().name()).containsOnly("NULL_AUTH");
        assertThat(peers).extracting(p -> p.getNullAuth().getGatewayPsk()).containsExactlyInAnyOrder(GATEWAY_PSK, "");

        HttpResult download = api.get("/v1/tunnels/" + tunnel + "/peer-configuration?format=strongswan");
        assertThat(download.status()).as(download.body()).isEqualTo(422);
        assertThat(download.errorFields()).containsExactly("format");

        // From NULL to PSK: the peer then needs its PSK (generated here), and the gateway's is gone.
        HttpResult toPsk = api.put("/v1/peers/" + anonymous.id(), peerBody(anonymous.json().get("name").asText()),
                "If-Match", anonymous.etag());
        assertThat(toPsk.status()).as(toPsk.body()).isEqualTo(200);
        assertThat(toPsk.json().get("auth").toString()).isEqualTo("{\"type\":\"psk\"}");
    }

    @Test
    void refusalsNameTheField() {
        var api = newTenant("customer").admin();
        var before = rowCounts();
        for (var c : List.of(
                Map.entry(nullPeer(unique("p"), body("type", "null", "gatewayPsk", "short")), "auth.gatewayPsk"),
                Map.entry(with(nullPeer(unique("p"), body("type", "null")), "ppks", List.of(body("id", "a", "secret", "x".repeat(32)))), "ppks"))) {
            HttpResult r = api.post("/v1/peers", c.getKey());
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.errorFields()).as(r.body()).contains(c.getValue());
        }
        assertThat(rowCounts()).isEqualTo(before);
    }
}
