package net.vpnaas.api.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.agent.SnapshotBuilder;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.PeerPpk;
import net.vpnaas.model.agent.v1.Ppk;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A peer's post-quantum preshared keys (RFC 8784) through the API on embedded PostgreSQL: ids shown,
 * secrets write-only and encrypted at rest, kept by id on update, refused with problem+json naming
 * the field (nothing stored), and handed to the gateway's agent in its snapshot.
 */
class PeerPpkApiTest extends ApiTestBase {
    private static final String SECRET_A = "first post-quantum secret, 32 bytes or more";
    private static final String SECRET_B = "second post-quantum secret, 32 bytes or more";
    private static final String SECRET_C = "third post-quantum secret, also 32 bytes or more";

    @Autowired SecretCipher cipher;
    @Autowired SnapshotBuilder snapshots;

    private static Map<String, Object> peer(String name, Object ppks, boolean required) {
        return with(peerBody(name), "ppks", ppks, "ppkRequired", required);
    }

    private List<PeerPpk> stored(String peerId) {
        byte[] ciphertext = jdbc.queryForObject("select ppk_ciphertext from peer where id = ?::uuid", byte[].class, peerId);
        String raw = new String(ciphertext, StandardCharsets.ISO_8859_1);
        assertThat(raw).as("encrypted at rest").doesNotContain("post-quantum secret");
        return PeerService.ppks(cipher, UUID.fromString(peerId), ciphertext);
    }

    @Test
    void idsAreShownSecretsNeverAndAnUpdateKeepsTheSecretOfAnIdItNamesWithoutOne() {
        var api = newTenant("customer").admin();
        HttpResult created = api.post("/v1/peers", peer(unique("p"), List.of(body("id", "ppk-a", "secret", SECRET_A),
                body("id", "ppk-b", "secret", SECRET_B)), true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("ppks").toString()).isEqualTo("[{\"id\":\"ppk-a\"},{\"id\":\"ppk-b\"}]");
        assertThat(created.json().get("ppkRequired").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain("post-quantum secret");
        HttpResult read = api.get("/v1/peers/" + created.id());
        assertThat(read.json().get("ppks").toString()).isEqualTo("[{\"id\":\"ppk-a\"},{\"id\":\"ppk-b\"}]");
        assertThat(read.body()).doesNotContain("post-quantum secret");
        assertThat(stored(created.id())).containsExactly(new PeerPpk("ppk-a", SECRET_A), new PeerPpk("ppk-b", SECRET_B));

        // ppk-b named without a secret keeps its own; ppk-c is new; ppk-a goes.
        HttpResult updated = api.put("/v1/peers/" + created.id(), peer(read.json().get("name").asText(),
                List.of(body("id", "ppk-b"), body("id", "ppk-c", "secret", SECRET_C)), false), "If-Match", read.header("ETag"));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("ppkRequired").asBoolean()).isFalse();
        assertThat(stored(created.id())).containsExactly(new PeerPpk("ppk-b", SECRET_B), new PeerPpk("ppk-c", SECRET_C));
        assertThat(updated.body()).doesNotContain("post-quantum secret");

        // A merge patch of another field leaves the PPKs, secrets included, as they are.
        HttpResult patched = api.patch("/v1/peers/" + created.id(), body("ppkRequired", true),
                "If-Match", updated.header("ETag"), "Content-Type", "application/merge-patch+json");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("ppkRequired").asBoolean()).isTrue();
        assertThat(patched.json().get("ppks").toString()).isEqualTo("[{\"id\":\"ppk-b\"},{\"id\":\"ppk-c\"}]");
        assertThat(stored(created.id())).containsExactly(new PeerPpk("ppk-b", SECRET_B), new PeerPpk("ppk-c", SECRET_C));
    }

    @Test
    void refusalsNameTheFieldAndStoreNothing() {
        var api = newTenant("customer").admin();
        var before = rowCounts();
        for (var c : List.of(
                Map.entry(peer(unique("p"), List.of(body("id", "ppk-a")), false), "ppks[0].secret"),
                Map.entry(peer(unique("p"), List.of(body("id", "ppk a", "secret", SECRET_A)), false), "ppks[0].id"),
                Map.entry(peer(unique("p"), List.of(body("id", "ppk-a", "secret", "too short")), false), "ppks[0].secret"),
                Map.entry(peer(unique("p"), List.of(body("id", "a", "secret", SECRET_A), body("id", "a", "secret", SECRET_B)), false), "ppks[1].id"),
                Map.entry(peer(unique("p"), List.of(), true), "ppkRequired"))) {
            HttpResult r = api.post("/v1/peers", c.getKey());
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("errors").toString()).as(c.getValue()).contains("\"" + c.getValue() + "\"");
        }
        assertThat(rowCounts()).isEqualTo(before);

        HttpResult created = api.post("/v1/peers", peer(unique("p"), List.of(body("id", "ppk-a", "secret", SECRET_A)), false));
        byte[] ciphertext = jdbc.queryForObject("select ppk_ciphertext from peer where id = ?::uuid", byte[].class, created.id());
        HttpResult refused = api.put("/v1/peers/" + created.id(), peer(created.json().get("name").asText(),
                List.of(body("id", "ppk-new")), false), "If-Match", created.header("ETag"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").toString()).contains("\"ppks[0].secret\"");
        assertThat(jdbc.queryForObject("select ppk_ciphertext from peer where id = ?::uuid", byte[].class, created.id()))
                .isEqualTo(ciphertext);
    }

    @Test
    void theSnapshotCarriesTheSecrets() {
        var api = newTenant("customer").admin();
        String gateway = created(api.post("/v1/gateways", gatewayBody(unique("gw"))));
        String peer = created(api.post("/v1/peers", peer(unique("p"), List.of(body("id", "ppk-a", "secret", SECRET_A)), true)));
        String policy = created(api.post("/v1/crypto-policies", policyBody(unique("pol"))));
        created(api.post("/v1/tunnels", tunnelBody(unique("tun"), gateway, peer, policy)));
        var snapshot = snapshots.current(UUID.fromString(gateway)).orElseThrow();
        assertThat(snapshot.getPeers(0).getPpksList()).containsExactly(Ppk.newBuilder().setId("ppk-a").setSecret(SECRET_A).build());
        assertThat(snapshot.getPeers(0).getPpkRequired()).isTrue();
    }
}
