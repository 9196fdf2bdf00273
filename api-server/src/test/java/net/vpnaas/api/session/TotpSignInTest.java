package net.vpnaas.api.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.PortalUsers;
import net.vpnaas.api.support.PortalUsers.Session;
import net.vpnaas.api.user.Totp;
import org.junit.jupiter.api.Test;

/** TOTP as a second factor: enrolled and confirmed by the user, then enforced at every sign-in. */
class TotpSignInTest extends ApiTestBase {
    @Test
    void onceEnabledSigningInNeedsACurrentUnusedCode() throws Exception {
        var people = new PortalUsers(port);
        TenantFixture t = newTenant("customer");
        String email = unique("careful") + "@example.com";
        people.createUser(t.admin(), email, "operator");
        Session session = people.signIn(email, PortalUsers.PASSWORD);

        HttpResult started = session.client().post("/v1/users/me/totp", null);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        byte[] secret = PortalUsers.totpSecret(started.json().get("secret").asText());
        assertThat(started.json().get("otpauthUri").asText()).startsWith("otpauth://totp/vpnaas:")
                .contains("secret=" + started.json().get("secret").asText(), "digits=6", "period=30", "algorithm=SHA1");
        // not enforced before it is confirmed
        assertThat(people.signIn(email, PortalUsers.PASSWORD).signIn().status()).isEqualTo(201);

        long step = awayFromAStepBoundary();
        HttpResult wrong = session.client().post("/v1/users/me/totp/confirm", body("code", otherCode(secret, step)));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.errorFields()).containsExactly("code");
        assertThat(session.client().post("/v1/users/me/totp/confirm", body("code", Totp.code(secret, step - 1))).status())
                .isEqualTo(204);

        ApiClient from = people.anonymous().from(PortalUsers.newClientAddress());
        HttpResult noCode = from.post("/v1/sessions", body("email", email, "password", PortalUsers.PASSWORD));
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(noCode.json().get("totpRequired").asBoolean()).isTrue();
        assertThat(noCode.header("Set-Cookie")).isNull();
        HttpResult wrongCode = from.post("/v1/sessions",
                body("email", email, "password", PortalUsers.PASSWORD, "totpCode", otherCode(secret, step)));
        assertThat(wrongCode.status()).isEqualTo(401);
        assertThat(wrongCode.json().get("totpRequired").asBoolean()).isTrue();
        HttpResult usedCode = from.post("/v1/sessions",
                body("email", email, "password", PortalUsers.PASSWORD, "totpCode", Totp.code(secret, step - 1)));
        assertThat(usedCode.status()).as("the code that confirmed enrollment is used").isEqualTo(401);
        // a wrong password with TOTP enabled says nothing about TOTP
        HttpResult wrongPassword = from.post("/v1/sessions", body("email", email, "password", "not the password at all"));
        assertThat(wrongPassword.json().has("totpRequired")).isFalse();

        Session withCode = people.signIn(from, email, PortalUsers.PASSWORD, Totp.code(secret, step));
        assertThat(withCode.signIn().status()).isEqualTo(201);
        HttpResult replay = people.anonymous().from(PortalUsers.newClientAddress()).post("/v1/sessions",
                body("email", email, "password", PortalUsers.PASSWORD, "totpCode", Totp.code(secret, step)));
        assertThat(replay.status()).as("a code is accepted once").isEqualTo(401);

        assertThat(withCode.client().send("DELETE", "/v1/users/me/totp", body("code", Totp.code(secret, step))).status())
                .isEqualTo(422);
        assertThat(withCode.client().send("DELETE", "/v1/users/me/totp", body("code", Totp.code(secret, step + 1))).status())
                .isEqualTo(204);
        assertThat(people.signIn(people.anonymous().from(PortalUsers.newClientAddress()), email, PortalUsers.PASSWORD, null)
                .signIn().status()).isEqualTo(201);
        assertThat(jdbc.queryForList("select action from audit_event where tenant_id = ?::uuid", String.class, t.id()))
                .contains("user.start_totp", "user.enable_totp", "user.disable_totp", "user.sign_in_failure");
    }

    /** The current step, once at least 3 s remain in it, so the step-1/step/step+1 codes stay valid throughout. */
    private static long awayFromAStepBoundary() throws InterruptedException {
        long second = Instant.now().getEpochSecond();
        if (second % Totp.STEP_SECONDS > Totp.STEP_SECONDS - 8) {
            Thread.sleep((Totp.STEP_SECONDS - second % Totp.STEP_SECONDS + 1) * 1000L);
        }
        return Totp.step(Instant.now());
    }

    /** A code that is not the code of step-1, step or step+1. */
    private static String otherCode(byte[] secret, long step) {
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!code.equals(Totp.code(secret, step - 1)) && !code.equals(Totp.code(secret, step))
                    && !code.equals(Totp.code(secret, step + 1))) {
                return code;
            }
        }
    }
}
