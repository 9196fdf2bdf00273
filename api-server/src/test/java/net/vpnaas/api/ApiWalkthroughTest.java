package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The life of a tenant's configuration through the API, as a Terraform provider would drive it. */
class ApiWalkthroughTest extends ApiTestBase {
    @Autowired
    SecretCipher cipher;

    @Test
    void createsReadsUpdatesAndDeletesEveryResource() {
        TenantFixture t = newTenant("customer");
        var api = t.admin();

        HttpResult gateway = api.post("/v1/gateways", gatewayBody("gw-main"));
        assertThat(gateway.status()).isEqualTo(201);
        assertThat(gateway.header("Location")).isEqualTo("/v1/gateways/" + gateway.id());
        assertThat(gateway.json().get("configRevision").asLong()).isEqualTo(1);
        String gw = gateway.id();

        HttpResult peer = api.post("/v1/peers", peerBody("branch-1"));
        assertThat(peer.status()).isEqualTo(201);
        assertThat(peer.body()).doesNotContain("correct horse").doesNotContain("\"psk\":");
        assertThat(peer.json().has("generatedPsk")).isFalse();

        HttpResult policy = api.post("/v1/crypto-policies", body("name", "modern",
                "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"), "espProposals", List.of("aes256gcm16")));
        assertThat(policy.status()).isEqualTo(201);
        assertThat(policy.json().get("childLifetimeSeconds").asInt()).as("defaults filled in").isEqualTo(3600);
        assertThat(policy.json().get("startAction").asText()).isEqualTo("respond");

        HttpResult tunnel = api.post("/v1/tunnels", tunnelBody("hq-branch-1", gw, peer.id(), policy.id()));
        assertThat(tunnel.status()).isEqualTo(201);
        assertThat(tunnel.json().get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(api.get("/v1/gateways/" + gw).json().get("configRevision").asLong())
                .as("a new tunnel bumps its gateway's revision").isEqualTo(2);

        HttpResult read = api.get("/v1/tunnels/" + tunnel.id());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.etag()).as("the version, and the status no agent reported yet").isEqualTo("\"0-UNKNOWN\"");
        assertThat(read.json().get("localTrafficSelectors").toString()).isEqualTo("[\"10.1.0.0/16\",\"2001:db8:1::/48\"]");
        assertThat(read.json().has("insideCidr")).as("route-based tunnels are not offered").isFalse();

        HttpResult patched = api.patch("/v1/crypto-policies/" + policy.id(), body("rekeyMarginSeconds", 120));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("rekeyMarginSeconds").asInt()).isEqualTo(120);
        assertThat(patched.json().get("ikeProposals").get(0).asText()).isEqualTo("aes256gcm16-prfsha384-x25519");
        assertThat(api.get("/v1/gateways/" + gw).json().get("configRevision").asLong())
                .as("a policy used by a tunnel bumps the tunnel's gateway").isEqualTo(3);

        assertThat(api.delete("/v1/peers/" + peer.id()).status()).as("peer still used").isEqualTo(409);
        assertThat(api.delete("/v1/crypto-policies/" + policy.id()).status()).as("policy still used").isEqualTo(409);
        assertThat(api.delete("/v1/gateways/" + gw).status()).as("gateway still used").isEqualTo(409);
        assertThat(api.delete("/v1/tunnels/" + tunnel.id()).status()).isEqualTo(204);
        assertThat(api.get("/v1/gateways/" + gw).json().get("configRevision").asLong()).isEqualTo(4);
        assertThat(api.get("/v1/tunnels/" + tunnel.id()).status()).isEqualTo(404);
        assertThat(api.delete("/v1/peers/" + peer.id()).status()).isEqualTo(204);
        assertThat(api.delete("/v1/crypto-policies/" + policy.id()).status()).isEqualTo(204);
        assertThat(api.delete("/v1/gateways/" + gw).status()).isEqualTo(204);

        List<String> actions = api.get("/v1/audit-events?limit=200").json().findValuesAsText("action");
        assertThat(actions).containsSubsequence("gateway.create", "peer.create", "crypto_policy.create", "tunnel.create",
                "crypto_policy.update", "tunnel.delete", "peer.delete", "crypto_policy.delete", "gateway.delete");
    }

    @Test
    void pskIsGeneratedWhenMissingReturnedOnceAndEncryptedAtRest() {
        var api = newTenant("customer").admin();
        HttpResult peer = api.post("/v1/peers", body("name", "generated", "address", "vpn.branch.example.net",
                "ikeIdentity", "C=DE, O=Example, CN=vpn.branch.example.net", "auth", body("type", "psk")));
        assertThat(peer.status()).isEqualTo(201);
        String psk = peer.json().get("generatedPsk").asText();
        assertThat(psk.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(32);

        assertThat(api.get("/v1/peers/" + peer.id()).body()).doesNotContain(psk).doesNotContain("generatedPsk");
        assertThat(api.get("/v1/peers").body()).doesNotContain(psk);

        byte[] stored = jdbc.queryForObject("select psk_ciphertext from peer where id = ?", byte[].class, UUID.fromString(peer.id()));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(psk);
        byte[] aad = ("peer-psk:" + peer.id()).getBytes(StandardCharsets.UTF_8);
        assertThat(new String(cipher.decrypt(stored, aad), StandardCharsets.UTF_8)).isEqualTo(psk);

        // a new PSK through PATCH: never echoed, audited by name only
        HttpResult changed = api.patch("/v1/peers/" + peer.id(), body("auth", body("psk", "a brand new shared secret")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).doesNotContain("brand new");
        String audit = api.get("/v1/audit-events?resourceId=" + peer.id()).body();
        assertThat(audit).contains("auth.psk").doesNotContain("brand new").doesNotContain(psk);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where changes::text like '%brand new%'", Long.class)).isZero();
    }

    @Test
    void certificatePeerAndApiKeyLifecycle() throws Exception {
        TenantFixture t = newTenant("customer");
        HttpResult peer = t.admin().post("/v1/peers", body("name", "cert-peer", "address", "2001:db8::7",
                "ikeIdentity", "2001:db8::7", "auth", body("type", "certificate", "caBundlePem", TestCertificates.CA_PEM,
                        "expectedIdentity", "CN=peer.example.com")));
        assertThat(peer.status()).as(peer.body()).isEqualTo(201);
        assertThat(peer.json().get("auth").get("type").asText()).isEqualTo("certificate");

        HttpResult key = t.admin().post("/v1/api-keys", body("name", "ci", "role", "operator"));
        String secret = key.json().get("secret").asText();
        assertThat(secret).startsWith("vpk_" + key.id().replace("-", "") + "_");
        byte[] hash = jdbc.queryForObject("select secret_hash from api_key where id = ?", byte[].class, UUID.fromString(key.id()));
        assertThat(hash).hasSize(32).isNotEqualTo(secret.getBytes(StandardCharsets.US_ASCII));
        assertThat(t.admin().get("/v1/api-keys/" + key.id()).body()).doesNotContain(secret);
        assertThat(t.admin().get("/v1/api-keys").body()).doesNotContain(secret.substring(37));

        assertThat(as(secret).get("/v1/gateways").status()).isEqualTo(200);
        assertThat(as(secret).post("/v1/api-keys", body("name", "x", "role", "admin")).status())
                .as("operators do not manage keys").isEqualTo(403);
        assertThat(t.admin().delete("/v1/api-keys/" + key.id()).status()).isEqualTo(204);
        assertThat(as(secret).get("/v1/gateways").status()).as("revoked").isEqualTo(401);
        assertThat(t.admin().get("/v1/api-keys/" + key.id()).json().has("revokedAt")).isTrue();
        assertThat(as(null).get("/v1/gateways").status()).isEqualTo(401);
        assertThat(as(secret.substring(0, secret.length() - 1) + "A").get("/v1/gateways").status()).isEqualTo(401);
    }

    @Test
    void mspActsOnItsChildrenButNotOnItself() {
        TenantFixture msp = newTenant("msp");
        TenantFixture child = newChild(msp, "customer");
        var onChild = msp.admin().onTenant(child.id());
        String gw = created(onChild.post("/v1/gateways", gatewayBody("child-gw")));
        assertThat(child.admin().get("/v1/gateways/" + gw).status()).isEqualTo(200);
        assertThat(msp.admin().get("/v1/gateways/" + gw).status()).as("not the MSP's own").isEqualTo(404);
        assertThat(msp.admin().get("/v1/tenants").json().findValuesAsText("id")).containsExactly(child.id());
        assertThat(child.admin().post("/v1/tenants", body("name", "grandchild")).status())
                .as("a customer tenant has no children").isEqualTo(409);
        assertThat(child.admin().patch("/v1/tenants/" + child.id(), body("kind", "msp")).status())
                .as("a tenant cannot promote itself").isEqualTo(409);
        assertThat(msp.admin().patch("/v1/tenants/" + child.id(), body("labels", Map.of("tier", "gold"))).status()).isEqualTo(200);

        var audit = onChild.get("/v1/audit-events").json().get("items").get(0);
        assertThat(audit.get("tenantId").asText()).isEqualTo(child.id());
        assertThat(audit.get("action").asText()).isEqualTo("api_key.create");
        assertThat(msp.admin().delete("/v1/tenants/" + child.id()).status()).as("still owns a gateway").isEqualTo(409);
        assertThat(onChild.delete("/v1/gateways/" + gw).status()).isEqualTo(204);
        assertThat(msp.admin().delete("/v1/tenants/" + child.id()).status()).isEqualTo(204);
        assertThat(child.admin().get("/v1/gateways").status()).as("its keys went with it").isEqualTo(401);
    }

    @Test
    void everyChangeAGatewayRunsBumpsItsRevisionInTheSameTransaction() {
        var api = newTenant("customer").admin();
        Resources r = createResources(api);
        String other = created(api.post("/v1/gateways", gatewayBody("second")));
        long before = revision(api, r.gatewayId());

        assertThat(api.patch("/v1/peers/" + r.peerId(), body("address", "198.51.100.21")).status()).isEqualTo(200);
        assertThat(revision(api, r.gatewayId())).as("peer of a tunnel changed").isEqualTo(before + 1);

        assertThat(api.patch("/v1/tunnels/" + r.tunnelId(), body("gatewayId", other)).status()).isEqualTo(200);
        assertThat(revision(api, r.gatewayId())).as("tunnel left this gateway").isEqualTo(before + 2);
        assertThat(revision(api, other)).as("tunnel joined this gateway").isEqualTo(2);

        assertThat(api.patch("/v1/tunnels/" + r.tunnelId(), body("gatewayId", UUID.randomUUID().toString())).status())
                .as("refused change").isEqualTo(422);
        assertThat(revision(api, other)).as("nothing bumped for a refused change").isEqualTo(2);

        String peerWithoutTunnel = created(api.post("/v1/peers", peerBody("lonely")));
        assertThat(api.patch("/v1/peers/" + peerWithoutTunnel, body("address", "192.0.2.200")).status()).isEqualTo(200);
        assertThat(revision(api, other)).isEqualTo(2);
        assertThat(revision(api, r.gatewayId())).isEqualTo(before + 2);

        var update = api.get("/v1/audit-events?resourceId=" + r.tunnelId()).json().get("items").get(1);
        assertThat(update.get("action").asText()).isEqualTo("tunnel.update");
        assertThat(update.get("changes").get("changed").get("gatewayId").get("to").asText()).isEqualTo(other);
    }

    private static long revision(net.vpnaas.api.support.ApiClient api, String gatewayId) {
        return api.get("/v1/gateways/" + gatewayId).json().get("configRevision").asLong();
    }
}
