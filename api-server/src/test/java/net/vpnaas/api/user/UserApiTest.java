package net.vpnaas.api.user;

import static org.assertj.core.api.Assertions.assertThat;

import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.PortalUsers;
import net.vpnaas.api.support.PortalUsers.Session;
import org.junit.jupiter.api.Test;

/** Users of a tenant: invited by an admin, their invitation accepted once, managed like API keys. */
class UserApiTest extends ApiTestBase {
    private PortalUsers people() {
        return new PortalUsers(port);
    }

    private String email() {
        return unique("person") + "@example.com";
    }

    @Test
    void anInvitationIsShownOnceStoredHashedAndAcceptedOnceWithAPasswordThatMeetsThePolicy() {
        TenantFixture t = newTenant("customer");
        String email = email();
        HttpResult invited = t.admin().post("/v1/users", body("email", email, "role", "operator"));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        assertThat(invited.json().get("status").asText()).isEqualTo("invited");
        String token = invited.json().at("/invitation/token").asText();
        assertThat(token).startsWith("vpi_");
        assertThat(invited.json().at("/invitation/expiresAt").asText()).isNotEmpty();
        HttpResult read = t.admin().get("/v1/users/" + invited.id());
        assertThat(read.json().at("/invitation/expiresAt").asText()).isNotEmpty();
        assertThat(read.body()).doesNotContain(token);
        assertThat(jdbc.queryForObject("select count(*) from users where invitation_hash = sha256(?::bytea)", Long.class, token))
                .isOne();

        HttpResult weak = people().anonymous().post("/v1/invitations/accept", body("token", token, "password", "short"));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.errorFields()).containsExactly("password");
        HttpResult isEmail = people().anonymous().post("/v1/invitations/accept", body("token", token, "password", email));
        assertThat(isEmail.errorFields()).containsExactly("password");
        // invited, not yet active: no password signs in
        assertThat(people().anonymous().from(PortalUsers.newClientAddress())
                .post("/v1/sessions", body("email", email, "password", PortalUsers.PASSWORD)).status()).isEqualTo(401);
    }

    @Test
    void anAcceptedInvitationCannotBeUsedAgainAndThePasswordIsAnArgon2idHash() {
        TenantFixture t = newTenant("customer");
        String email = email();
        HttpResult invited = t.admin().post("/v1/users", body("email", email, "role", "viewer"));
        String token = invited.json().at("/invitation/token").asText();
        HttpResult accepted = people().anonymous().post("/v1/invitations/accept", body("token", token, "password", PortalUsers.PASSWORD));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().get("status").asText()).isEqualTo("active");
        assertThat(accepted.json().has("invitation")).isFalse();

        HttpResult again = people().anonymous().post("/v1/invitations/accept",
                body("token", token, "password", "another long pass phrase"));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.errorFields()).containsExactly("token");
        String hash = jdbc.queryForObject("select password_hash from users where id = ?::uuid", String.class, accepted.id());
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PortalUsers.PASSWORD);
        assertThat(jdbc.queryForList("select action from audit_event where resource_id = ?::uuid order by id", String.class,
                accepted.id())).containsExactly("user.create", "user.accept_invitation");
    }

    @Test
    void anExpiredInvitationIsRefused() {
        TenantFixture t = newTenant("customer");
        HttpResult invited = t.admin().post("/v1/users", body("email", email(), "role", "viewer"));
        jdbc.update("update users set invitation_expires_at = now() - interval '1 second' where id = ?::uuid", invited.id());
        HttpResult accept = people().anonymous().post("/v1/invitations/accept",
                body("token", invited.json().at("/invitation/token").asText(), "password", PortalUsers.PASSWORD));
        assertThat(accept.status()).isEqualTo(422);
        assertThat(accept.errorFields()).containsExactly("token");
    }

    @Test
    void onlyAdminsManageUsersAnEmailIsUniqueAndTheListIsPaged() {
        TenantFixture t = newTenant("customer");
        TenantFixture other = newTenant("customer");
        String email = email();
        assertThat(as(createKey(t.admin(), "operator")).post("/v1/users", body("email", email, "role", "viewer")).status())
                .isEqualTo(403);
        assertThat(t.admin().post("/v1/users", body("email", "not an address", "role", "boss")).errorFields())
                .containsExactlyInAnyOrder("email", "role");
        people().createUser(t.admin(), email, "viewer");
        people().createUser(t.admin(), email(), "viewer");
        HttpResult duplicate = other.admin().post("/v1/users", body("email", email.toUpperCase(java.util.Locale.ROOT), "role", "viewer"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorFields()).containsExactly("email");

        HttpResult page = as(createKey(t.admin(), "viewer")).get("/v1/users?limit=1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("items")).hasSize(1);
        HttpResult next = t.admin().get("/v1/users?limit=1&cursor=" + page.json().get("nextCursor").asText());
        assertThat(next.json().get("items")).hasSize(1);
        assertThat(next.json().has("nextCursor")).isFalse();
    }

    @Test
    void anotherTenantsUsersAre404() {
        TenantFixture t = newTenant("customer");
        TenantFixture other = newTenant("customer");
        String id = people().createUser(t.admin(), email(), "admin");
        assertThat(other.admin().get("/v1/users/" + id).status()).isEqualTo(404);
        assertThat(other.admin().patch("/v1/users/" + id, body("role", "viewer")).status()).isEqualTo(404);
        assertThat(other.admin().delete("/v1/users/" + id).status()).isEqualTo(404);
        assertThat(other.admin().get("/v1/users").json().get("items")).isEmpty();
    }

    @Test
    void aRoleChangeAppliesToTheUsersSessionAtOnceAndDeletingTheUserEndsIt() {
        TenantFixture t = newTenant("customer");
        String email = email();
        String id = people().createUser(t.admin(), email, "operator");
        Session session = people().signIn(email, PortalUsers.PASSWORD);
        assertThat(session.client().post("/v1/gateways", gatewayBody(unique("gw"))).status()).isEqualTo(201);

        HttpResult emailChange = t.admin().patch("/v1/users/" + id, body("email", email()));
        assertThat(emailChange.status()).isEqualTo(422);
        assertThat(emailChange.errorFields()).containsExactly("email");
        HttpResult demoted = t.admin().patch("/v1/users/" + id, body("role", "viewer"),
                "If-Match", t.admin().get("/v1/users/" + id).etag());
        assertThat(demoted.status()).as(demoted.body()).isEqualTo(200);
        assertThat(demoted.json().get("role").asText()).isEqualTo("viewer");
        assertThat(session.client().post("/v1/gateways", gatewayBody(unique("gw"))).status()).isEqualTo(403);
        assertThat(session.client().get("/v1/sessions/current").json().at("/user/role").asText()).isEqualTo("viewer");

        assertThat(t.admin().delete("/v1/users/" + id, "If-Match", "\"0\"").status()).isEqualTo(412);
        assertThat(t.admin().delete("/v1/users/" + id).status()).isEqualTo(204);
        assertThat(session.client().get("/v1/gateways").status()).isEqualTo(401);
        assertThat(jdbc.queryForList("select action from audit_event where resource_id = ?::uuid order by id", String.class, id))
                .contains("user.create", "user.update", "user.delete");
    }
}
