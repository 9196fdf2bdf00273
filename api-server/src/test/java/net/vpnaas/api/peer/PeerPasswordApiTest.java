package net.vpnaas.api.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.agent.SnapshotBuilder;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Peers with password authentication (PACE, RFC 6631) through the API on embedded PostgreSQL: the password
 * write-only and encrypted at rest under associated data of its own, kept by an update that leaves it out,
 * handed to the gateway's agent in its snapshot, named (never shown) in the audit log; refusals as
 * problem+json naming the field with nothing stored, among them a tunnel under a policy with non-ECP IKE
 * groups; and no peer configuration file, since none of those devices runs PACE.
 */
class PeerPasswordApiTest extends ApiTestBase {
    private static final String PASSWORD = "pin:402915";
    private static final String NEW_PASSWORD = "pin:771204";

    @Autowired SecretCipher cipher;
    @Autowired SnapshotBuilder snapshots;

    private static Map<String, Object> passwordPeer(String name, String password) {
        return with(peerBody(name), "auth", body("type", "password", "password", password));
    }

    private static Map<String, Object> ecpPolicy(String name) {
        return with(policyBody(name), "ikeProposals", List.of("aes256gcm16-prfsha384-ecp384", "aes128-sha256-ecp256"));
    }

    private String storedPassword(String peerId) {
        byte[] ciphertext = jdbc.queryForObject("select password_ciphertext from peer where id = ?::uuid", byte[].class, peerId);
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).as("encrypted at rest").doesNotContain("402915");
        assertThatThrownBy(() -> cipher.decrypt(ciphertext, PeerService.pskAssociatedData(UUID.fromString(peerId))))
                .as("never readable as the peer's PSK").isNotNull();
        return new String(cipher.decrypt(ciphertext, PeerService.passwordAssociatedData(UUID.fromString(peerId))), StandardCharsets.UTF_8);
    }

    private String pushedPassword(String gateway) {
        var peer = snapshots.current(UUID.fromString(gateway)).orElseThrow().getPeers(0);
        assertThat(peer.getPsk()).isEmpty();
        return peer.getPassword();
    }

    @Test
    void aPasswordIsWriteOnlyKeptByAnUpdateWithoutItAndPushedToTheAgent() {
        var api = newTenant("customer").admin();
        HttpResult created = api.post("/v1/peers", passwordPeer(unique("p"), PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("auth").toString()).isEqualTo("{\"type\":\"password\"}");
        assertThat(created.json().has("generatedPsk")).as("a password is never generated").isFalse();
        assertThat(created.body()).doesNotContain("402915");
        HttpResult read = api.get("/v1/peers/" + created.id());
        assertThat(read.json().get("auth").toString()).isEqualTo("{\"type\":\"password\"}");
        assertThat(read.body()).doesNotContain("402915");
        assertThat(api.get("/v1/peers").body()).doesNotContain("402915");
        assertThat(storedPassword(created.id())).isEqualTo(PASSWORD);

        String gateway = created(api.post("/v1/gateways", gatewayBody(unique("gw"))));
        String policy = created(api.post("/v1/crypto-policies", ecpPolicy(unique("pol"))));
        HttpResult tunnel = api.post("/v1/tunnels", tunnelBody(unique("tun"), gateway, created.id(), policy));
        assertThat(tunnel.status()).as(tunnel.body()).isEqualTo(201);
        assertThat(pushedPassword(gateway)).isEqualTo(PASSWORD);
        // The policy cannot leave ECP groups under the password peer's tunnel.
        var before = rowCounts();
        HttpResult x25519 = api.patch("/v1/crypto-policies/" + policy, body("ikeProposals", List.of("aes256gcm16-prfsha384-x25519")),
                "If-Match", api.get("/v1/crypto-policies/" + policy).header("ETag"), "Content-Type", "application/merge-patch+json");
        assertThat(x25519.status()).as(x25519.body()).isEqualTo(422);
        assertThat(x25519.json().get("errors").toString()).contains("\"ikeProposals\"").contains("authenticates with a password");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(api.get("/v1/crypto-policies/" + policy).json().get("ikeProposals").toString()).contains("ecp384");

        // A merge patch and a PUT that leave the password out keep it.
        HttpResult renamed = api.patch("/v1/peers/" + created.id(), body("name", unique("renamed")),
                "If-Match", read.header("ETag"), "Content-Type", "application/merge-patch+json");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        HttpResult put = api.put("/v1/peers/" + created.id(), with(peerBody(renamed.json().get("name").asText()), "auth", body("type", "password"),
                "address", "198.51.100.21"), "If-Match", renamed.header("ETag"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(storedPassword(created.id())).isEqualTo(PASSWORD);
        assertThat(pushedPassword(gateway)).isEqualTo(PASSWORD);

        HttpResult rotated = api.put("/v1/peers/" + created.id(), with(passwordPeer(put.json().get("name").asText(), NEW_PASSWORD),
                "address", "198.51.100.21"), "If-Match", put.header("ETag"));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.body()).doesNotContain("771204");
        assertThat(pushedPassword(gateway)).isEqualTo(NEW_PASSWORD);

        String audit = api.get("/v1/audit-events?limit=200").body();
        assertThat(audit).contains("\"secretsChanged\":[\"auth.password\"]").doesNotContain("402915").doesNotContain("771204");
        assertThat(jdbc.queryForObject("select count(*) from audit_event where changes::text like '%402915%' or changes::text like '%771204%'",
                Long.class)).isZero();

        // Back to a PSK: the password goes.
        HttpResult psk = api.put("/v1/peers/" + created.id(), peerBody(rotated.json().get("name").asText()), "If-Match", rotated.header("ETag"));
        assertThat(psk.status()).as(psk.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select password_ciphertext is null from peer where id = ?::uuid", Boolean.class, created.id())).isTrue();
        assertThat(snapshots.current(UUID.fromString(gateway)).orElseThrow().getPeers(0).getPsk()).isEqualTo("correct horse battery staple");
    }

    @Test
    void noDeviceConfigurationForAPasswordPeer() {
        var api = newTenant("customer").admin();
        String peer = created(api.post("/v1/peers", passwordPeer(unique("p"), PASSWORD)));
        String gateway = created(api.post("/v1/gateways", gatewayBody(unique("gw"))));
        String policy = created(api.post("/v1/crypto-policies", ecpPolicy(unique("pol"))));
        String tunnel = created(api.post("/v1/tunnels", tunnelBody(unique("tun"), gateway, peer, policy)));
        var before = rowCounts();
        for (String format : List.of("strongswan", "libreswan", "cisco-ios")) {
            for (String secret : List.of("false", "true")) {
                HttpResult download = api.get("/v1/tunnels/" + tunnel + "/peer-configuration?format=" + format + "&includeSecret=" + secret);
                assertThat(download.status()).as(format + ": " + download.body()).isEqualTo(422);
                assertThat(download.header("Content-Type")).startsWith("application/problem+json");
                assertThat(download.json().get("errors").toString()).as(format).contains("\"peer.auth.type\"").contains("PACE");
                assertThat(download.body()).doesNotContain("402915");
            }
        }
        assertThat(rowCounts()).as("no disclosure audited").isEqualTo(before);
    }

    @Test
    void refusalsNameTheFieldAndStoreNothing() {
        var api = newTenant("customer").admin();
        var before = rowCounts();
        for (var c : List.of(
                Map.entry(passwordPeer(unique("p"), "40291"), "auth.password"),
                Map.entry(passwordPeer(unique("p"), "x".repeat(257)), "auth.password"),
                Map.entry(with(peerBody(unique("p")), "auth", body("type", "password")), "auth.password"),
                Map.entry(with(passwordPeer(unique("p"), PASSWORD), "ppks", List.of(body("id", "ppk-a", "secret", "s".repeat(32)))), "ppks"))) {
            HttpResult r = api.post("/v1/peers", c.getKey());
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("errors").toString()).as(c.getValue()).contains("\"" + c.getValue() + "\"");
        }
        assertThat(rowCounts()).isEqualTo(before);

        // PACE needs an ECP group: a password peer's tunnel under x25519 is refused, naming the policy.
        String gateway = created(api.post("/v1/gateways", gatewayBody(unique("gw"))));
        String passwordPeer = created(api.post("/v1/peers", passwordPeer(unique("p"), PASSWORD)));
        String x25519 = created(api.post("/v1/crypto-policies", policyBody(unique("pol"))));
        var withParts = rowCounts();
        HttpResult tunnel = api.post("/v1/tunnels", tunnelBody(unique("tun"), gateway, passwordPeer, x25519));
        assertThat(tunnel.status()).as(tunnel.body()).isEqualTo(422);
        assertThat(tunnel.json().get("errors").toString()).contains("\"policyId\"").contains("x25519, modp2048").contains("ECP groups");

        // A PSK peer under that policy cannot become a password peer.
        HttpResult pskPeer = api.post("/v1/peers", peerBody(unique("p")));
        created(api.post("/v1/tunnels", tunnelBody(unique("tun"), gateway, pskPeer.id(), x25519)));
        withParts = rowCounts();
        String version = jdbc.queryForObject("select version::text from peer where id = ?::uuid", String.class, pskPeer.id());
        HttpResult switched = api.patch("/v1/peers/" + pskPeer.id(), body("auth", body("type", "password", "password", PASSWORD)),
                "If-Match", api.get("/v1/peers/" + pskPeer.id()).header("ETag"), "Content-Type", "application/merge-patch+json");
        assertThat(switched.status()).as(switched.body()).isEqualTo(422);
        assertThat(switched.json().get("errors").toString()).contains("\"auth.type\"").contains("ECP groups");
        HttpResult noPassword = api.patch("/v1/peers/" + pskPeer.id(), body("auth", body("type", "password")),
                "If-Match", api.get("/v1/peers/" + pskPeer.id()).header("ETag"), "Content-Type", "application/merge-patch+json");
        assertThat(noPassword.status()).as(noPassword.body()).isEqualTo(422);
        assertThat(noPassword.json().get("errors").toString()).as("a password is never generated").contains("\"auth.password\"");
        assertThat(rowCounts()).isEqualTo(withParts);
        assertThat(jdbc.queryForObject("select auth_method || ' ' || version from peer where id = ?::uuid", String.class, pskPeer.id()))
                .isEqualTo("psk " + version);
    }
}
