package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.Test;

/** ETag on reads, If-Match on PUT, PATCH and DELETE. */
class ConditionalRequestTest extends ApiTestBase {

    @Test
    void staleIfMatchIs412AndChangesNothing() {
        var api = newTenant("customer").admin();
        Resources r = createResources(api);
        String path = "/v1/peers/" + r.peerId();
        String etag = api.get(path).etag();
        assertThat(etag).isEqualTo("\"0\"");

        HttpResult updated = api.put(path, with(peerBody("renamed"), "address", "198.51.100.99"), "If-Match", etag);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        String newEtag = updated.etag();
        assertThat(newEtag).isEqualTo("\"1\"").isEqualTo(api.get(path).etag());

        HttpResult stale = api.put(path, peerBody("stale-write"), "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.problemType()).isEqualTo("https://vpnaas.net/problems/precondition-failed");
        assertThat(api.patch(path, body("name", "stale-patch"), "If-Match", etag).status()).isEqualTo(412);
        assertThat(api.delete(path, "If-Match", etag).status()).isEqualTo(412);
        assertThat(api.get(path).json().get("name").asText()).isEqualTo("renamed");

        assertThat(api.patch(path, body("labels", Map.of("site", "b1")), "If-Match", "W/" + newEtag).status())
                .as("weak tags never match If-Match").isEqualTo(412);
        assertThat(api.patch(path, body("labels", Map.of("site", "b1")), "If-Match", "\"7\", " + newEtag).status())
                .as("any listed tag may match").isEqualTo(200);
        assertThat(api.get(path).etag()).isEqualTo("\"2\"");
    }

    @Test
    void currentIfMatchAllowsDeleteAndStarMatchesAnything() {
        var api = newTenant("customer").admin();
        String gw = created(api.post("/v1/gateways", gatewayBody("cond")));
        String path = "/v1/gateways/" + gw;
        assertThat(api.delete(path, "If-Match", "\"5\"").status()).isEqualTo(412);
        assertThat(api.get(path).status()).isEqualTo(200);
        assertThat(api.patch(path, body("labels", Map.of("a", "b")), "If-Match", "*").status()).isEqualTo(200);
        assertThat(api.delete(path, "If-Match", api.get(path).etag()).status()).isEqualTo(204);
        assertThat(api.get(path).status()).isEqualTo(404);
    }

    @Test
    void unchangedPutKeepsTheEtagAndTheConfigRevision() {
        var api = newTenant("customer").admin();
        HttpResult gw = api.post("/v1/gateways", gatewayBody("same"));
        HttpResult again = api.put("/v1/gateways/" + gw.id(), gatewayBody("same"), "If-Match", gw.etag());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.etag()).isEqualTo(gw.etag());
        assertThat(again.json().get("configRevision").asLong()).isEqualTo(1);
        HttpResult changed = api.put("/v1/gateways/" + gw.id(), with(gatewayBody("same"), "publicAddresses",
                java.util.List.of("192.0.2.99")), "If-Match", gw.etag());
        assertThat(changed.etag()).isEqualTo("\"1\"");
        assertThat(changed.json().get("configRevision").asLong()).isEqualTo(2);
    }
}
