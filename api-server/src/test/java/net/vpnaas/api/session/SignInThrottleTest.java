package net.vpnaas.api.session;

import static org.assertj.core.api.Assertions.assertThat;

import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.PortalUsers;
import org.junit.jupiter.api.Test;

/**
 * Brute force against signing in: 5 failures per email and 20 per client address in 15 minutes
 * (the defaults) are refused with 429 and Retry-After until the window ends, and not for longer.
 */
class SignInThrottleTest extends ApiTestBase {
    private final PortalUsers people() {
        return new PortalUsers(port);
    }

    private HttpResult attempt(ApiClient from, String email, String password) {
        return from.post("/v1/sessions", body("email", email, "password", password));
    }

    @Test
    void anEmailIsRefusedAfterFiveFailuresFromAnyAddressUntilItsWindowEnds() {
        TenantFixture t = newTenant("customer");
        String email = unique("victim") + "@example.com";
        people().createUser(t.admin(), email, "viewer");
        ApiClient attacker = people().anonymous().from(PortalUsers.newClientAddress());
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(attacker, email, "guess number " + i + " of many").status()).isEqualTo(401);
        }

        HttpResult refused = attempt(attacker, email, PortalUsers.PASSWORD);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.problemType()).endsWith("/too-many-requests");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 900L);
        // the right password from another address is refused too: the email is what is protected
        ApiClient owner = people().anonymous().from(PortalUsers.newClientAddress());
        assertThat(attempt(owner, email, PortalUsers.PASSWORD).status()).isEqualTo(429);
        // refused attempts are not counted and do not extend the window
        int failures = jdbc.queryForObject("select failures from sign_in_throttle where scope = 'email' and subject = ?",
                Integer.class, email);
        assertThat(failures).isEqualTo(5);
        assertThat(jdbc.queryForList("select action from audit_event where tenant_id = ?::uuid", String.class, t.id())
                .stream().filter("user.sign_in_failure"::equals).count()).isEqualTo(5);

        // once the window has passed (moved back here instead of waiting 15 minutes) the owner gets in
        jdbc.update("update sign_in_throttle set window_started_at = now() - interval '15 minutes 1 second'"
                + " where scope = 'email' and subject = ?", email);
        assertThat(attempt(owner, email, PortalUsers.PASSWORD).status()).isEqualTo(201);
        assertThat(jdbc.queryForObject("select count(*) from sign_in_throttle where scope = 'email' and subject = ?",
                Long.class, email)).as("a success forgives the email's failures").isZero();
    }

    @Test
    void anAddressIsRefusedAfterTwentyFailuresOverAnyEmailsButOthersAreNot() {
        TenantFixture t = newTenant("customer");
        String email = unique("person") + "@example.com";
        people().createUser(t.admin(), email, "viewer");
        ApiClient sprayer = people().anonymous().from(PortalUsers.newClientAddress());
        for (int i = 0; i < 20; i++) {
            assertThat(attempt(sprayer, unique("nobody") + "@example.com", "password spraying").status()).isEqualTo(401);
        }

        assertThat(attempt(sprayer, email, PortalUsers.PASSWORD).status()).isEqualTo(429);
        assertThat(attempt(people().anonymous().from(PortalUsers.newClientAddress()), email, PortalUsers.PASSWORD).status())
                .isEqualTo(201);
    }
}
