package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.Test;

/**
 * GET and list map rows to views with plain JDBC, while create answers with the view of the entity
 * JPA just wrote (see {@link net.vpnaas.api.support.ViewReads}): both must show the same resource,
 * every field, for every kind, including optional fields set and unset.
 */
class ViewReadsTest extends ApiTestBase {
    private static final Map<String, String> LABELS = Map.of("env", "prod", "cost-center", "4711");

    @Test
    void getAndListShowWhatCreateReturned() {
        ApiClient api = newTenant("customer").admin();
        String gateway = assertReadBack(api, "/v1/gateways", with(gatewayBody(unique("gw")), "labels", LABELS));
        String pskPeer = assertReadBack(api, "/v1/peers", with(peerBody(unique("psk")), "labels", LABELS));
        assertReadBack(api, "/v1/peers", body("name", unique("generated"), "address", "vpn.example.net",
                "ikeIdentity", "vpn.example.net", "auth", body("type", "psk")));
        assertReadBack(api, "/v1/peers", body("name", unique("cert"), "address", "2001:db8::7", "ikeIdentity", "2001:db8::7",
                "auth", body("type", "certificate", "caBundlePem", TestCertificates.CA_PEM,
                        "expectedIdentity", "CN=peer.example.com")));
        String policy = assertReadBack(api, "/v1/crypto-policies", with(policyBody(unique("pol")), "labels", LABELS));
        assertReadBack(api, "/v1/crypto-policies", body("name", unique("defaults"),
                "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"), "espProposals", List.of("aes256gcm16")));
        assertReadBack(api, "/v1/tunnels", with(tunnelBody(unique("tun"), gateway, pskPeer, policy), "labels", LABELS));
        assertReadBack(api, "/v1/tunnels", with(tunnelBody(unique("plain"), gateway, pskPeer, policy), "labels", null));
        assertReadBack(api, "/v1/api-keys", body("name", unique("key"), "role", "viewer", "labels", LABELS));
    }

    @Test
    void aRevokedKeyShowsWhenItWasRevoked() {
        ApiClient api = newTenant("customer").admin();
        String key = created(api.post("/v1/api-keys", body("name", unique("key"), "role", "operator")));
        assertThat(api.delete("/v1/api-keys/" + key).status()).isEqualTo(204);

        JsonNode read = api.get("/v1/api-keys/" + key).json();
        Timestamp stored = jdbc.queryForObject("select revoked_at from api_key where id = ?", Timestamp.class, UUID.fromString(key));
        assertThat(Instant.parse(read.get("revokedAt").asText())).isEqualTo(stored.toInstant());
        assertThat(api.get("/v1/api-keys?name=" + read.get("name").asText()).json().get("items").get(0)).isEqualTo(read);
    }

    /** Creates, then expects GET and a list filtered by name to show the created view; returns the id. */
    private static String assertReadBack(ApiClient api, String collection, Map<String, Object> body) {
        HttpResult create = api.post(collection, body);
        assertThat(create.status()).as(create.body()).isEqualTo(201);
        ObjectNode expected = (ObjectNode) create.json();
        expected.remove(List.of("generatedPsk", "secret")); // shown once, by the response that created them

        HttpResult get = api.get(collection + "/" + create.id());
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json()).as("GET %s", collection).isEqualTo(expected);
        // a tunnel's ETag names its reported status too
        String reported = collection.equals("/v1/tunnels") ? "-" + expected.get("status").asText() : "";
        assertThat(get.etag()).isEqualTo("\"" + expected.get("version").asLong() + reported + "\"");

        JsonNode items = api.get(collection + "?name=" + body.get("name")).json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0)).as("list %s", collection).isEqualTo(expected);
        return create.id();
    }
}
