package net.vpnaas.api.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.PortalUsers;
import net.vpnaas.api.support.PortalUsers.Session;
import net.vpnaas.api.support.RandomTokens;
import org.junit.jupiter.api.Test;

/** People signed in with the session cookie: its flags, CSRF, roles, tenants, and how sessions end. */
class SessionApiTest extends ApiTestBase {
    private PortalUsers people() {
        return new PortalUsers(port);
    }

    private String email() {
        return unique("person") + "@example.com";
    }

    @Test
    void signingInSetsAnHttpOnlySameSiteStrictCookieWhoseTokenIsStoredOnlyHashed() {
        TenantFixture t = newTenant("customer");
        String email = email();
        String userId = people().createUser(t.admin(), email, "operator");

        Session session = people().signIn(email.toUpperCase(java.util.Locale.ROOT), PortalUsers.PASSWORD);

        String setCookie = session.signIn().header("Set-Cookie");
        assertThat(List.of(setCookie.split("; "))).contains("Path=/", "HttpOnly", "SameSite=Strict")
                .doesNotContain("Secure"); // plain HTTP here; SessionCookieTest covers TLS
        var body = session.signIn().json();
        assertThat(body.at("/user/id").asText()).isEqualTo(userId);
        assertThat(body.at("/user/email").asText()).isEqualTo(email);
        assertThat(body.at("/user/role").asText()).isEqualTo("operator");
        assertThat(body.at("/user/tenantId").asText()).isEqualTo(t.id());
        assertThat(session.csrfToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(session.signIn().body()).doesNotContain(session.cookie());
        String stored = jdbc.queryForObject("select encode(token_hash, 'hex') from user_session where user_id = ?::uuid",
                String.class, userId);
        assertThat(stored).isEqualTo(HexFormat.of().formatHex(RandomTokens.hash(session.cookie())));
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSameAnswer() {
        TenantFixture t = newTenant("customer");
        String email = email();
        people().createUser(t.admin(), email, "viewer");
        ApiClient from = people().anonymous().from(PortalUsers.newClientAddress());

        HttpResult wrongPassword = from.post("/v1/sessions", body("email", email, "password", "not the password at all"));
        HttpResult unknownEmail = from.post("/v1/sessions", body("email", email(), "password", "not the password at all"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
        assertThat(wrongPassword.header("Set-Cookie")).isNull();
        assertThat(wrongPassword.json().has("totpRequired")).isFalse();
    }

    @Test
    void theCookieActsWithTheUsersTenantAndRoleAndEveryChangeNeedsTheCsrfToken() {
        TenantFixture t = newTenant("customer");
        String email = email();
        people().createUser(t.admin(), email, "operator");
        Session session = people().signIn(email, PortalUsers.PASSWORD);

        assertThat(session.withoutCsrf().get("/v1/gateways").status()).isEqualTo(200);
        HttpResult noToken = session.withoutCsrf().post("/v1/gateways", gatewayBody(unique("gw")));
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.errorFields()).containsExactly("X-CSRF-Token");
        HttpResult wrongToken = session.withoutCsrf().withHeaders("X-CSRF-Token", "x" + session.csrfToken())
                .post("/v1/gateways", gatewayBody(unique("gw")));
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from gateway where tenant_id = ?::uuid", Long.class, t.id())).isZero();

        HttpResult created = session.client().post("/v1/gateways", gatewayBody(unique("gw")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("tenantId").asText()).isEqualTo(t.id());
        // the audit trail names the user who acted, not a key
        var event = jdbc.queryForMap("select api_key_id, user_id from audit_event where resource_id = ?::uuid", created.id());
        assertThat(event.get("api_key_id")).isNull();
        assertThat(event.get("user_id")).hasToString(session.signIn().json().at("/user/id").asText());
        // an operator's rights, not an admin's
        assertThat(session.client().post("/v1/api-keys", body("name", unique("k"), "role", "viewer")).status()).isEqualTo(403);
    }

    @Test
    void anApiKeyNeedsNoCsrfTokenAndWinsOverACookie() {
        TenantFixture t = newTenant("customer");
        String email = email();
        people().createUser(t.admin(), email, "viewer");
        Session viewer = people().signIn(email, PortalUsers.PASSWORD);

        // the admin key decides, though the viewer's cookie (without a CSRF token) comes along
        HttpResult created = t.admin().withHeaders("Cookie", "vpnaas_session=" + viewer.cookie())
                .post("/v1/gateways", gatewayBody(unique("gw")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void aViewerCannotChangeAnythingThroughItsCookieEvenWithTheCsrfToken() {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        String email = email();
        people().createUser(t.admin(), email, "viewer");
        Session viewer = people().signIn(email, PortalUsers.PASSWORD);

        assertThat(viewer.client().get("/v1/tunnels/" + r.tunnelId()).status()).isEqualTo(200);
        assertThat(viewer.client().post("/v1/gateways", gatewayBody(unique("gw"))).status()).isEqualTo(403);
        assertThat(viewer.client().delete("/v1/tunnels/" + r.tunnelId()).status()).isEqualTo(403);
        assertThat(viewer.client().patch("/v1/peers/" + r.peerId(), body("address", "198.51.100.99")).status()).isEqualTo(403);
        assertThat(viewer.client().post("/v1/users", body("email", email(), "role", "admin")).status()).isEqualTo(403);
        assertThat(t.admin().get("/v1/tunnels/" + r.tunnelId()).status()).isEqualTo(200);
    }

    @Test
    void signingOutDeletesTheSessionAndClearsTheCookie() {
        TenantFixture t = newTenant("customer");
        String email = email();
        people().createUser(t.admin(), email, "viewer");
        Session session = people().signIn(email, PortalUsers.PASSWORD);
        String userId = session.signIn().json().at("/user/id").asText();

        HttpResult current = session.withoutCsrf().get("/v1/sessions/current");
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("csrfToken").asText()).isEqualTo(session.csrfToken());
        assertThat(session.withoutCsrf().delete("/v1/sessions/current").status()).isEqualTo(403); // CSRF: no forced sign-out

        HttpResult out = session.client().delete("/v1/sessions/current");
        assertThat(out.status()).isEqualTo(204);
        assertThat(List.of(out.header("Set-Cookie").split("; "))).contains("vpnaas_session=", "Max-Age=0", "HttpOnly");
        assertThat(jdbc.queryForObject("select count(*) from user_session where user_id = ?::uuid", Long.class, userId)).isZero();
        HttpResult after = session.client().get("/v1/sessions/current");
        assertThat(after.status()).isEqualTo(401);
        assertThat(auditActions(t)).contains("session.create", "session.delete");
    }

    @Test
    void changingThePasswordEndsEverySessionOfTheUser() {
        TenantFixture t = newTenant("customer");
        String email = email();
        people().createUser(t.admin(), email, "viewer");
        Session first = people().signIn(email, PortalUsers.PASSWORD);
        Session second = people().signIn(email, PortalUsers.PASSWORD);
        ApiClient firstFrom = first.client().from(PortalUsers.newClientAddress());
        String newPassword = "a different long pass phrase";

        HttpResult wrongCurrent = firstFrom.put("/v1/users/me/password",
                body("currentPassword", "not my password at all", "newPassword", newPassword));
        assertThat(wrongCurrent.status()).isEqualTo(422);
        assertThat(wrongCurrent.errorFields()).containsExactly("currentPassword");
        HttpResult weak = first.client().put("/v1/users/me/password",
                body("currentPassword", PortalUsers.PASSWORD, "newPassword", "short"));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.errorFields()).containsExactly("newPassword");
        assertThat(second.client().get("/v1/sessions/current").status()).isEqualTo(200);

        HttpResult changed = first.client().put("/v1/users/me/password",
                body("currentPassword", PortalUsers.PASSWORD, "newPassword", newPassword));
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        assertThat(changed.header("Set-Cookie")).contains("Max-Age=0");
        assertThat(first.client().get("/v1/sessions/current").status()).isEqualTo(401);
        assertThat(second.client().get("/v1/sessions/current").status()).isEqualTo(401);
        assertThat(people().anonymous().from(PortalUsers.newClientAddress())
                .post("/v1/sessions", body("email", email, "password", PortalUsers.PASSWORD)).status()).isEqualTo(401);
        assertThat(people().signIn(email, newPassword).signIn().status()).isEqualTo(201);
        assertThat(auditActions(t)).contains("user.change_password");
    }

    @Test
    void anMspUserActsForItsCustomersThroughTheTenantHeaderAndForNoOneElse() {
        TenantFixture msp = newTenant("msp");
        TenantFixture customer = newChild(msp, "customer");
        TenantFixture stranger = newTenant("customer");
        String email = email();
        people().createUser(msp.admin(), email, "operator");
        Session session = people().signIn(email, PortalUsers.PASSWORD);

        var tenants = session.withoutCsrf().get("/v1/sessions/current").json().get("tenants");
        assertThat(tenants.get(0).get("id").asText()).isEqualTo(msp.id());
        assertThat(tenants.findValuesAsText("id")).contains(customer.id()).doesNotContain(stranger.id());

        HttpResult created = session.client().onTenant(customer.id()).post("/v1/gateways", gatewayBody(unique("gw")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("tenantId").asText()).isEqualTo(customer.id());
        assertThat(customer.admin().get("/v1/gateways/" + created.id()).status()).isEqualTo(200);
        assertThat(msp.admin().get("/v1/gateways/" + created.id()).status()).isEqualTo(404);
        assertThat(session.client().onTenant(stranger.id()).get("/v1/gateways").status()).isEqualTo(404);
    }

    @Test
    void aCookieOfNoSessionIs401AndClearsIt() {
        HttpResult result = people().anonymous().withHeaders("Cookie", "vpnaas_session=vps_forged").get("/v1/gateways");
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.header("Set-Cookie")).contains("Max-Age=0");
    }

    @Test
    void onlySigningInAndAcceptingAnInvitationNeedNoCredentials() {
        ApiClient anonymous = people().anonymous().unchecked();
        assertThat(anonymous.post("/v1/sessions", "{}").status()).isEqualTo(422);
        assertThat(anonymous.post("/v1/invitations/accept", "{}").status()).isEqualTo(422);
        // the same route spelled with a percent-encoded letter is the same public route
        assertThat(anonymous.post("/v1/session%73", "{}").status()).isEqualTo(422);
        // other methods and paths next to them are not public
        assertThat(anonymous.get("/v1/sessions").status()).isEqualTo(401);
        assertThat(anonymous.post("/v1/sessions/", "{}").status()).isEqualTo(401);
        assertThat(anonymous.post("/v1/sessions/current", "{}").status()).isEqualTo(401);
        assertThat(anonymous.get("/v1/sessions/current").status()).isEqualTo(401);
        assertThat(anonymous.post("/v1/invitations", "{}").status()).isEqualTo(401);
        assertThat(anonymous.post("/v1/users", "{}").status()).isEqualTo(401);
    }

    @Test
    void sessionEndpointsNameNoSessionForAnApiKey() {
        TenantFixture t = newTenant("customer");
        assertThat(t.admin().get("/v1/sessions/current").status()).isEqualTo(404);
        assertThat(t.admin().post("/v1/users/me/totp", null).status()).isEqualTo(404);
    }

    @Test
    void anIdleOrExpiredSessionEnds() {
        TenantFixture t = newTenant("customer");
        String email = email();
        people().createUser(t.admin(), email, "viewer");
        Session idle = people().signIn(email, PortalUsers.PASSWORD);
        Session old = people().signIn(email, PortalUsers.PASSWORD);
        String idleId = idle.withoutCsrf().get("/v1/sessions/current").json().get("csrfToken").asText();
        jdbc.update("update user_session set last_seen_at = now() - interval '31 minutes' where csrf_token = ?", idleId);
        jdbc.update("update user_session set expires_at = now() - interval '1 second' where csrf_token = ?", old.csrfToken());

        assertThat(idle.withoutCsrf().get("/v1/gateways").status()).isEqualTo(401);
        assertThat(old.withoutCsrf().get("/v1/gateways").status()).isEqualTo(401);
    }

    private List<String> auditActions(TenantFixture t) {
        return jdbc.queryForList("select action from audit_event where tenant_id = ?::uuid order by id", String.class, t.id());
    }
}
