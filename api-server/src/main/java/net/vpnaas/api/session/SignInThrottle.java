package net.vpnaas.api.session;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Brute-force protection for signing in, kept in PostgreSQL so every replica counts the same
 * failures. Failures are counted per email and per client address in a fixed window that starts
 * with the first failure; a subject at its limit is refused until its window ends.
 *
 * <p>Why it cannot lock a person out for good: a refused attempt is not counted and does not
 * extend the window, so a block ends at most one window after the failure that opened it, however
 * long an attacker keeps trying; and one address can spend at most its own limit on an email per
 * window, so holding an email blocked takes many addresses.
 */
@Component
public class SignInThrottle {
    private final JdbcClient jdbc;
    private final SessionProperties properties;

    SignInThrottle(JdbcClient jdbc, SessionProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** How long until this email and address may try again; empty when they may now. */
    public Optional<Duration> retryAfter(String email, String address) {
        long seconds = jdbc.sql("""
                        select coalesce(max(ceil(extract(epoch from window_started_at + make_interval(secs => ?) - now()))), 0)
                          from sign_in_throttle
                         where window_started_at > now() - make_interval(secs => ?)
                           and ((scope = 'email' and subject = ? and failures >= ?)
                             or (scope = 'address' and subject = ? and failures >= ?))""")
                .params(windowSeconds(), windowSeconds(), email, properties.maxFailuresPerEmail(), address,
                        properties.maxFailuresPerAddress())
                .query(Long.class).single();
        return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    }

    /** Counts a failure for both subjects; a window that ended starts again with this failure. */
    public void recordFailure(String email, String address) {
        String upsert = """
                insert into sign_in_throttle (scope, subject, failures, window_started_at) values (?, ?, 1, now())
                on conflict (scope, subject) do update set
                  failures = case when sign_in_throttle.window_started_at > now() - make_interval(secs => ?)
                                  then sign_in_throttle.failures + 1 else 1 end,
                  window_started_at = case when sign_in_throttle.window_started_at > now() - make_interval(secs => ?)
                                           then sign_in_throttle.window_started_at else now() end""";
        jdbc.sql(upsert).params("email", email, windowSeconds(), windowSeconds()).update();
        jdbc.sql(upsert).params("address", address, windowSeconds(), windowSeconds()).update();
    }

    /** A successful sign-in forgives the email's failures (not the address's: it may be trying many emails). */
    public void recordSuccess(String email) {
        jdbc.sql("delete from sign_in_throttle where scope = 'email' and subject = ?").param(email).update();
    }

    /** Rows whose window ended count for nothing. */
    int deleteEnded() {
        return jdbc.sql("delete from sign_in_throttle where window_started_at <= now() - make_interval(secs => ?)")
                .param(windowSeconds()).update();
    }

    private double windowSeconds() {
        return properties.throttleWindow().toMillis() / 1000.0;
    }
}
