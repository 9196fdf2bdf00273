package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.PortalUsers;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant A1 owns one of everything. Keys of its sibling A2 (an MSP child of the same MSP), of an
 * unrelated MSP tenant, and keys pointing the tenant header at a tenant they do not manage get
 * 404 on every endpoint for every resource type, and so do people of those tenants signed in with
 * the session cookie; a viewer key of A1 itself, and a viewer of A1 signed in (with the CSRF token),
 * get 403 on every mutation.
 */
class TenantIsolationTest extends ApiTestBase {
    TenantFixture msp;
    TenantFixture a1;
    TenantFixture a2;
    TenantFixture other;
    Resources res;
    String keyId;
    String auditId;
    String userId;
    PortalUsers people;

    @BeforeEach
    void setUp() {
        msp = newTenant("msp");
        a1 = newChild(msp, "customer");
        a2 = newChild(msp, "msp");
        other = newTenant("msp");
        res = createResources(a1.admin());
        keyId = a1.admin().post("/v1/api-keys", body("name", unique("k"), "role", "viewer")).id();
        auditId = a1.admin().get("/v1/audit-events").json().get("items").get(0).get("id").asText();
        people = new PortalUsers(port);
        userId = people.createUser(a1.admin(), unique("a1-admin") + "@example.com", "admin");
    }

    /** A person of {@code tenant} with {@code role}, signed in: its cookie and CSRF token. */
    private ApiClient signedIn(TenantFixture tenant, String role) {
        String email = unique(role) + "@example.com";
        people.createUser(tenant.admin(), email, role);
        return people.signIn(email, PortalUsers.PASSWORD).client();
    }

    /** Every single-resource operation on A1's resources, with a valid body where one is needed. */
    private List<Request> itemRequests() {
        var r = new ArrayList<Request>();
        item(r, "/v1/gateways/" + res.gatewayId(), gatewayBody(unique("gw")));
        item(r, "/v1/peers/" + res.peerId(), peerBody(unique("p")));
        item(r, "/v1/crypto-policies/" + res.policyId(), policyBody(unique("pol")));
        item(r, "/v1/tunnels/" + res.tunnelId(), tunnelBody(unique("t"), res.gatewayId(), res.peerId(), res.policyId()));
        item(r, "/v1/tenants/" + a1.id(), body("name", unique("renamed")));
        r.add(new Request("GET", "/v1/api-keys/" + keyId, null));
        r.add(new Request("DELETE", "/v1/api-keys/" + keyId, null));
        r.add(new Request("GET", "/v1/audit-events/" + auditId, null));
        r.add(new Request("POST", "/v1/gateways/" + res.gatewayId() + "/enrollment-tokens", body("ttlSeconds", 600)));
        r.add(new Request("GET", "/v1/gateways/" + res.gatewayId() + "/status", null));
        r.add(new Request("GET", "/v1/tunnels/" + res.tunnelId() + "/security-associations", null));
        r.add(new Request("GET", "/v1/users/" + userId, null));
        r.add(new Request("PATCH", "/v1/users/" + userId, body("role", "viewer")));
        r.add(new Request("DELETE", "/v1/users/" + userId, null));
        return r;
    }

    private static void item(List<Request> r, String path, Map<String, Object> body) {
        r.add(new Request("GET", path, null));
        r.add(new Request("PUT", path, body));
        r.add(new Request("PATCH", path, body("labels", Map.of("owned", "no"))));
        r.add(new Request("DELETE", path, null));
    }

    record Request(String method, String path, Object body) {
        HttpResult sendWith(ApiClient client) {
            String[] headers = method.equals("PATCH") ? new String[] {"Content-Type", "application/merge-patch+json"} : new String[0];
            return client.send(method, path, body, headers);
        }
    }

    @Test
    void otherTenantsGet404ForEveryResourceOfA1() {
        Map<String, ApiClient> outsiders = Map.of(
                "sibling A2", a2.admin(),
                "unrelated tenant", other.admin(),
                "unrelated MSP naming A1 in the tenant header", other.admin().onTenant(a1.id()),
                "sibling naming A1 in the tenant header", a2.admin().onTenant(a1.id()),
                "A1 naming its parent MSP in the tenant header", a1.admin().onTenant(msp.id()),
                "A1 naming its sibling in the tenant header", a1.admin().onTenant(a2.id()),
                "a person of sibling A2 signed in", signedIn(a2, "admin"),
                "a person of the unrelated MSP signed in, naming A1 in the tenant header", signedIn(other, "admin").onTenant(a1.id()));
        Map<String, Long> before = rowCounts();
        var soft = new SoftAssertions();
        int checked = 0;
        for (var outsider : outsiders.entrySet()) {
            for (Request request : itemRequests()) {
                HttpResult result = request.sendWith(outsider.getValue());
                soft.assertThat(result.status()).as(outsider.getKey() + ": " + request.method() + " " + request.path())
                        .isEqualTo(404);
                soft.assertThat(result.problemType()).isEqualTo("https://vpnaas.net/problems/not-found");
                checked++;
            }
        }
        soft.assertAll();
        assertThat(checked).isEqualTo(8 * 29);
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(a1.admin().get("/v1/gateways/" + res.gatewayId()).etag()).as("untouched").isEqualTo("\"0\"");
    }

    @Test
    void listsNeverShowAnotherTenantsResources() {
        for (String list : List.of("/v1/gateways", "/v1/peers", "/v1/crypto-policies", "/v1/tunnels", "/v1/api-keys",
                "/v1/audit-events", "/v1/tenants")) {
            String ownIds = a1.admin().get(list).body();
            String siblings = a2.admin().get(list).body();
            for (String id : List.of(res.gatewayId(), res.peerId(), res.policyId(), res.tunnelId(), keyId, auditId)) {
                assertThat(siblings).as(list).doesNotContain(id);
            }
            assertThat(msp.admin().get(list).body()).as(list).doesNotContain(res.tunnelId());
            if (!list.equals("/v1/tenants")) {
                assertThat(ownIds).as(list).isNotEqualTo("{\"items\":[]}");
            }
            for (ApiClient intruder : List.of(a2.admin().onTenant(a1.id()), other.admin().onTenant(a1.id()),
                    a1.admin().onTenant(msp.id()))) {
                assertThat(intruder.get(list).status()).as(list).isEqualTo(404);
                assertThat(intruder.unchecked().post(list, body("name", "x")).status()).as(list).isEqualTo(404);
            }
        }
        // the MSP itself reaches A1 through the header (the positive control of the 404s above)
        assertThat(msp.admin().onTenant(a1.id()).get("/v1/tunnels/" + res.tunnelId()).status()).isEqualTo(200);
        assertThat(msp.admin().get("/v1/tenants/" + a1.id()).status()).isEqualTo(200);
    }

    @Test
    void viewerGets403OnEveryMutation() {
        everyMutationIsForbiddenTo(as(createKey(a1.admin(), "viewer")));
    }

    @Test
    void aViewerSignedInGets403OnEveryMutationThoughItSendsTheCsrfToken() {
        everyMutationIsForbiddenTo(signedIn(a1, "viewer"));
    }

    private void everyMutationIsForbiddenTo(ApiClient viewer) {
        Map<String, Long> before = rowCounts();
        var mutations = new ArrayList<Request>();
        mutations.add(new Request("POST", "/v1/gateways", gatewayBody(unique("gw"))));
        mutations.add(new Request("POST", "/v1/peers", peerBody(unique("p"))));
        mutations.add(new Request("POST", "/v1/crypto-policies", policyBody(unique("pol"))));
        mutations.add(new Request("POST", "/v1/tunnels", tunnelBody(unique("t"), res.gatewayId(), res.peerId(), res.policyId())));
        mutations.add(new Request("POST", "/v1/tenants", body("name", unique("child"))));
        mutations.add(new Request("POST", "/v1/api-keys", body("name", unique("k"), "role", "admin")));
        mutations.add(new Request("POST", "/v1/users", body("email", unique("u") + "@example.com", "role", "admin")));
        itemRequests().stream().filter(r -> !r.method().equals("GET")).forEach(mutations::add);
        var soft = new SoftAssertions();
        for (Request m : mutations) {
            HttpResult result = m.sendWith(viewer);
            soft.assertThat(result.status()).as(m.method() + " " + m.path()).isEqualTo(403);
            soft.assertThat(result.problemType()).isEqualTo("https://vpnaas.net/problems/forbidden");
        }
        soft.assertAll();
        assertThat(mutations).hasSize(7 + 19);
        assertThat(rowCounts()).isEqualTo(before);
        for (Request read : itemRequests().stream().filter(r -> r.method().equals("GET")).toList()) {
            assertThat(read.sendWith(viewer).status()).as("viewer reads " + read.path()).isEqualTo(200);
        }
    }
}
