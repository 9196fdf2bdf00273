package net.vpnaas.api.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.Ids;
import net.vpnaas.api.support.RandomTokens;
import net.vpnaas.model.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The user_session table: a session is a row, found by the SHA-256 of its cookie's token, so any
 * replica serves any session and ending one (sign-out, password change, the user deleted) takes
 * effect on all replicas at once.
 */
@Repository
public class Sessions {
    private static final String TOKEN_PREFIX = "vps_";
    /**
     * last_seen_at is written at most this often, not on every request a page makes: idle expiry
     * then ends a session up to this much later than configured.
     */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /**
     * A session the request's cookie names, valid now, with its user's tenant and current role;
     * {@code expiresAt} is its absolute end (see {@link #endsAt}).
     */
    public record Active(UUID id, UUID userId, UUID tenantId, Role role, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Session[id=" + id + ", user=" + userId + "]";
        }
    }

    /** A new session; {@code token} goes into the cookie and exists nowhere else. */
    public record Started(Active session, String token) {}

    private final JdbcClient jdbc;
    private final SessionProperties properties;

    Sessions(JdbcClient jdbc, SessionProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    Started start(UUID userId, UUID tenantId, Role role) {
        String token = RandomTokens.generate(TOKEN_PREFIX);
        String csrf = RandomTokens.generate("");
        UUID id = Ids.newId();
        Instant absolute = jdbc.sql("""
                        insert into user_session (id, user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at)
                        values (?, ?, ?, ?, now(), now(), now() + make_interval(secs => ?))
                        returning expires_at""")
                .params(id, userId, RandomTokens.hash(token), csrf, seconds(properties.absoluteLifetime()))
                .query((rs, i) -> Columns.instant(rs, "expires_at")).single();
        return new Started(new Active(id, userId, tenantId, role, csrf, absolute), token);
    }

    /** The session of a cookie's token, unless it is unknown, ended or expired. */
    public Optional<Active> authenticate(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        Optional<Found> found = jdbc.sql(SELECT_VALID + " and s.token_hash = ?")
                .params(seconds(TOUCH_EVERY), seconds(properties.idleTimeout()), RandomTokens.hash(token))
                .query(Found::fromRow).optional();
        return found.map(f -> {
            if (f.stale()) {
                jdbc.sql("update user_session set last_seen_at = now() where id = ?").param(f.session().id()).update();
            }
            return f.session();
        });
    }

    /** A valid session by its id (for the session's own endpoints), without touching it. */
    Optional<Active> find(UUID sessionId) {
        return jdbc.sql(SELECT_VALID + " and s.id = ?")
                .params(seconds(TOUCH_EVERY), seconds(properties.idleTimeout()), sessionId)
                .query(Found::fromRow).optional().map(Found::session);
    }

    private static final String SELECT_VALID = """
            select s.id, s.user_id, s.csrf_token, s.expires_at,
                   s.last_seen_at < now() - make_interval(secs => ?) as stale, u.tenant_id, u.role
              from user_session s join users u on u.id = s.user_id
             where s.expires_at > now() and s.last_seen_at > now() - make_interval(secs => ?)""";

    private record Found(Active session, boolean stale) {
        static Found fromRow(ResultSet rs, int row) throws SQLException {
            return new Found(new Active(Columns.uuid(rs, "id"), Columns.uuid(rs, "user_id"), Columns.uuid(rs, "tenant_id"),
                    Role.fromWireName(rs.getString("role")).orElseThrow(), rs.getString("csrf_token"),
                    Columns.instant(rs, "expires_at")), rs.getBoolean("stale"));
        }
    }

    /** When the session ends if unused from now: the idle timeout, or its absolute end if that is sooner. */
    Instant endsAt(Active session) {
        Instant idle = Instant.now().plus(properties.idleTimeout());
        return idle.isBefore(session.expiresAt()) ? idle : session.expiresAt();
    }

    boolean end(UUID sessionId) {
        return jdbc.sql("delete from user_session where id = ?").param(sessionId).update() == 1;
    }

    /** Ends every session of the user (a changed password signs out every browser). */
    public int endAllOf(UUID userId) {
        return jdbc.sql("delete from user_session where user_id = ?").param(userId).update();
    }

    int deleteExpired() {
        return jdbc.sql("delete from user_session where expires_at <= now() or last_seen_at <= now() - make_interval(secs => ?)")
                .param(seconds(properties.idleTimeout())).update();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
