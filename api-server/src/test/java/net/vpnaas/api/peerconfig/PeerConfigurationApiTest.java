package net.vpnaas.api.peerconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.Test;

/**
 * The peer configuration download on embedded PostgreSQL: who gets it, who gets the PSK in it (an
 * admin, on request, audited), and what is refused (another tenant's tunnel, a bad format, what a
 * format cannot express). Every response is checked against the contract by ApiClient.
 */
class PeerConfigurationApiTest extends ApiTestBase {
    private static final String PSK = "correct horse battery staple";
    private static final String PSK_HEX = HexFormat.of().formatHex(PSK.getBytes(StandardCharsets.UTF_8));

    private static String path(String tunnel, String query) {
        return "/v1/tunnels/" + tunnel + "/peer-configuration?" + query;
    }

    @Test
    void anyRoleGetsTheConfigurationWithAPlaceholderForThePsk() {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        String tunnelName = t.admin().get("/v1/tunnels/" + r.tunnelId()).json().get("name").asText();
        for (ApiClient client : List.of(t.admin(), as(createKey(t.admin(), "operator")), as(createKey(t.admin(), "viewer")))) {
            HttpResult result = client.get(path(r.tunnelId(), "format=strongswan"));
            assertThat(result.status()).as(result.body()).isEqualTo(200);
            assertThat(result.header("Content-Type")).startsWith("text/plain");
            assertThat(result.header("Content-Disposition"))
                    .isEqualTo("attachment; filename=\"vpnaas-" + tunnelName + ".swanctl.conf\"");
            assertThat(result.header("Cache-Control")).isEqualTo("no-store");
            assertThat(result.body()).contains("secret = \"<your pre-shared key>\"", "remote_addrs = 192.0.2.10",
                    "local_addrs = 198.51.100.20").doesNotContain(PSK_HEX, PSK);
        }
        assertThat(disclosures(t.admin(), r.peerId())).isEmpty();
    }

    @Test
    void anAdminAskingForThePskGetsItAndTheDownloadIsAudited() {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        HttpResult result = t.admin().get(path(r.tunnelId(), "format=strongswan&includeSecret=true"));
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.body()).contains("secret = 0x" + PSK_HEX).doesNotContain("<your pre-shared key>");

        List<JsonNode> events = disclosures(t.admin(), r.peerId());
        assertThat(events).hasSize(1);
        JsonNode changes = events.getFirst().get("changes");
        assertThat(changes.get("secretsDisclosed").get(0).asText()).isEqualTo("auth.psk");
        assertThat(changes.get("tunnelId").asText()).isEqualTo(r.tunnelId());
        assertThat(changes.get("format").asText()).isEqualTo("strongswan");
        assertThat(events.getFirst().toString()).doesNotContain(PSK, PSK_HEX);

        assertThat(t.admin().get(path(r.tunnelId(), "format=libreswan&includeSecret=true")).body())
                .contains("@branch.example.com 192.0.2.10 : PSK \"" + PSK + "\"");
        assertThat(disclosures(t.admin(), r.peerId())).hasSize(2);
    }

    @Test
    void anMspAdminActingOnItsCustomerMayHaveThePsk() {
        TenantFixture msp = newTenant("msp");
        TenantFixture customer = newChild(msp, "customer");
        Resources r = createResources(customer.admin());
        HttpResult result = msp.admin().onTenant(customer.id()).get(path(r.tunnelId(), "format=strongswan&includeSecret=true"));
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.body()).contains("secret = 0x" + PSK_HEX);
        assertThat(disclosures(customer.admin(), r.peerId())).hasSize(1);
    }

    @Test
    void viewersAndOperatorsAskingForThePskAreRefusedNamingIncludeSecret() {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        for (String role : List.of("viewer", "operator")) {
            HttpResult result = as(createKey(t.admin(), role)).get(path(r.tunnelId(), "format=strongswan&includeSecret=true"));
            assertThat(result.status()).as(role + ": " + result.body()).isEqualTo(403);
            assertThat(result.header("Content-Type")).startsWith("application/problem+json");
            assertThat(result.errorFields()).containsExactly("includeSecret");
            assertThat(result.body()).doesNotContain(PSK, PSK_HEX);
        }
        assertThat(disclosures(t.admin(), r.peerId())).isEmpty();
    }

    @Test
    void anotherTenantsTunnelIsNotFoundWhateverItAsks() {
        TenantFixture owner = newTenant("customer");
        TenantFixture other = newTenant("customer");
        Resources r = createResources(owner.admin());
        for (String query : List.of("format=strongswan", "format=strongswan&includeSecret=true", "format=nonsense", "")) {
            HttpResult result = other.admin().get(path(r.tunnelId(), query));
            assertThat(result.status()).as(query + ": " + result.body()).isEqualTo(404);
            assertThat(result.body()).doesNotContain(PSK, PSK_HEX);
        }
        assertThat(disclosures(owner.admin(), r.peerId())).isEmpty();
    }

    @Test
    void aMissingOrUnknownFormatIsABadRequestNamingFormat() {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        for (String query : List.of("", "format=", "format=openvpn", "format=StrongSwan")) {
            HttpResult result = t.admin().get(path(r.tunnelId(), query));
            assertThat(result.status()).as(query + ": " + result.body()).isEqualTo(400);
            assertThat(result.errorFields()).containsExactly("format");
            assertThat(result.json().get("errors").get(0).get("detail").asText()).contains("strongswan, libreswan, cisco-ios");
        }
        HttpResult notBoolean = t.admin().get(path(r.tunnelId(), "format=strongswan&includeSecret=please"));
        assertThat(notBoolean.status()).isEqualTo(400);
        assertThat(notBoolean.errorFields()).containsExactly("includeSecret");
    }

    /**
     * ApiTestBase's policy proposes X25519 and ChaCha20-Poly1305 with ESN, which IOS XE cannot
     * negotiate: each is named, and nothing is disclosed or audited for a refused download.
     */
    @Test
    void whatAFormatCannotExpressIsRefusedNamingTheFieldAndTheFormat() {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        HttpResult cisco = t.admin().get(path(r.tunnelId(), "format=cisco-ios&includeSecret=true"));
        assertThat(cisco.status()).as(cisco.body()).isEqualTo(422);
        assertThat(cisco.errorFields()).containsExactlyInAnyOrder("cryptoPolicy.ikeProposals[0]", "cryptoPolicy.espProposals[1]",
                "cryptoPolicy.pfsGroup", "cryptoPolicy.esn", "localTrafficSelectors[1]", "remoteTrafficSelectors[2]");
        assertThat(cisco.json().get("errors").get(0).get("detail").asText()).contains("format=cisco-ios", "x25519");
        assertThat(cisco.body()).doesNotContain(PSK);
        assertThat(disclosures(t.admin(), r.peerId())).isEmpty();

        String x448 = created(t.admin().post("/v1/crypto-policies", body("name", unique("x448"),
                "ikeProposals", List.of("aes256gcm16-prfsha384-x448"), "espProposals", List.of("aes256gcm16"))));
        assertThat(t.admin().patch("/v1/tunnels/" + r.tunnelId(), body("policyId", x448)).status()).isEqualTo(200);
        HttpResult libreswan = t.admin().get(path(r.tunnelId(), "format=libreswan"));
        assertThat(libreswan.status()).as(libreswan.body()).isEqualTo(422);
        assertThat(libreswan.errorFields()).containsExactly("cryptoPolicy.ikeProposals[0]");
        assertThat(t.admin().get(path(r.tunnelId(), "format=strongswan")).body()).contains("proposals = aes256gcm16-prfsha384-x448");
    }

    /**
     * A peer with PPKs (RFC 8784): the strongSwan file names the first and holds them all, their
     * secrets placeholders unless an admin asks (then audited with the PSK); formats that do not write
     * PPKs refuse a required one, naming peer.ppkRequired.
     */
    @Test
    void ppksAreWrittenForStrongSwanAndTheirSecretsOnlyForAnAdminWhoAsks() {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        String first = "first post-quantum preshared key, 32 bytes or more";
        String second = "second post-quantum preshared key, 32 bytes or more";
        HttpResult patched = t.admin().patch("/v1/peers/" + r.peerId(), body("ppkRequired", true, "ppks",
                List.of(body("id", "ppk-a", "secret", first), body("id", "ppk-b", "secret", second))));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        String firstHex = HexFormat.of().formatHex(first.getBytes(StandardCharsets.UTF_8));
        String secondHex = HexFormat.of().formatHex(second.getBytes(StandardCharsets.UTF_8));

        String placeholders = as(createKey(t.admin(), "viewer")).get(path(r.tunnelId(), "format=strongswan")).body();
        assertThat(placeholders).contains("ppk_id = \"ppk-a\"", "ppk_required = yes", "id = \"ppk-b\"",
                "secret = \"<your post-quantum preshared key>\"").doesNotContain(first, firstHex, second, secondHex);
        assertThat(disclosures(t.admin(), r.peerId())).isEmpty();

        String secrets = t.admin().get(path(r.tunnelId(), "format=strongswan&includeSecret=true")).body();
        assertThat(secrets).contains("secret = 0x" + PSK_HEX, "secret = 0x" + firstHex, "secret = 0x" + secondHex)
                .doesNotContain("<your post-quantum preshared key>");
        List<JsonNode> events = disclosures(t.admin(), r.peerId());
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().get("changes").get("secretsDisclosed").toString()).isEqualTo("[\"auth.psk\",\"ppks\"]");
        assertThat(events.getFirst().toString()).doesNotContain(first, firstHex);

        HttpResult libreswan = t.admin().get(path(r.tunnelId(), "format=libreswan"));
        assertThat(libreswan.status()).as(libreswan.body()).isEqualTo(422);
        assertThat(libreswan.errorFields()).containsExactly("peer.ppkRequired");
    }

    private static List<JsonNode> disclosures(ApiClient admin, String peerId) {
        HttpResult events = admin.get("/v1/audit-events?resourceType=peer&resourceId=" + peerId + "&limit=200");
        assertThat(events.status()).as(events.body()).isEqualTo(200);
        List<JsonNode> out = new java.util.ArrayList<>();
        events.json().get("items").forEach(e -> {
            if (e.get("action").asText().equals("peer.disclose_secret")) out.add(e);
        });
        return out;
    }
}
