package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-address IKE_AUTH failure scores, on a clock the test sets. */
class AuthFailureTableTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final InetAddress A = InetAddress.ofLiteral("198.51.100.7");
    private static final InetAddress B = InetAddress.ofLiteral("198.51.100.8");

    @Test
    void limitFailuresInARowBlockUntilOneIsForgiven() {
        AuthFailureTable t = new AuthFailureTable(3, Duration.ofSeconds(10), 100);
        t.failed(A, 0);
        t.failed(A, SECOND);
        assertThat(t.blocked(A, SECOND)).as("two failures: a mistyped secret is not an attack").isFalse();
        t.failed(A, 2 * SECOND);
        assertThat(t.blocked(A, 2 * SECOND)).isTrue();
        assertThat(t.blocked(B, 2 * SECOND)).as("another address").isFalse();
        // The score is 2.8 at 2 s (one tenth forgiven per second); blocked while above 2, so until 10 s.
        assertThat(t.blocked(A, 9 * SECOND)).isTrue();
        assertThat(t.blocked(A, 11 * SECOND)).isFalse();
        t.failed(A, 11 * SECOND);
        assertThat(t.blocked(A, 11 * SECOND)).as("a persistent source fails once per forgiveness period").isTrue();
    }

    @Test
    void anIpv6SubscriberIsOneSourceAndTheTableForgetsTheLeastRecentFirst() {
        AuthFailureTable t = new AuthFailureTable(1, Duration.ofSeconds(10), 2);
        t.failed(InetAddress.ofLiteral("2001:db8:1:2::1"), 0);
        assertThat(t.blocked(InetAddress.ofLiteral("2001:db8:1:2:ffff::9"), 0)).as("the same /64").isTrue();
        assertThat(t.blocked(InetAddress.ofLiteral("2001:db8:1:3::1"), 0)).as("the next /64").isFalse();
        t.failed(A, 0);
        t.failed(B, 0); // a third source: the least recently used, the IPv6 one, goes
        assertThat(t.blocked(InetAddress.ofLiteral("2001:db8:1:2::1"), 0)).isFalse();
        assertThat(t.blocked(A, 0)).isTrue();
        assertThat(t.blocked(B, 0)).isTrue();
    }

    @Test
    void newLimitsCountTheFailuresSoFar() {
        AuthFailureTable t = new AuthFailureTable(5, Duration.ofSeconds(10), 100);
        t.failed(A, 0);
        t.failed(A, 0);
        assertThat(t.blocked(A, 0)).isFalse();
        t.limits(2, Duration.ofSeconds(10));
        assertThat(t.blocked(A, 0)).as("two failures against a limit of two").isTrue();
        t.limits(3, Duration.ofSeconds(10));
        assertThat(t.blocked(A, 0)).isFalse();
    }
}
