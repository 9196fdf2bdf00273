package net.vpnaas.api.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.vpnaas.api.support.RandomTokens;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Enrollment tokens in PostgreSQL, stored as SHA-256 hashes; redeeming is one atomic UPDATE. */
@Component
public class JdbcEnrollmentTokens implements EnrollmentTokens {
    private static final String PREFIX = "vpe_";
    private final JdbcTemplate jdbc;

    public JdbcEnrollmentTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Created(UUID id, String token, Instant expiresAt) {}

    /** A new token for the gateway; the plaintext exists only in the returned value. */
    public Created create(UUID gatewayId, UUID createdBy, Duration ttl) {
        String token = RandomTokens.generate(PREFIX);
        UUID id = UUID.randomUUID();
        Instant expires = Instant.now().plus(ttl);
        jdbc.update("""
                insert into enrollment_token (id, gateway_id, token_hash, expires_at, created_by, created_at)
                values (?, ?, ?, ?, ?, now())""", id, gatewayId, hash(token), java.sql.Timestamp.from(expires), createdBy);
        return new Created(id, token, expires);
    }

    @Override
    public Optional<UUID> redeem(String token) {
        if (token == null || !token.startsWith(PREFIX)) return Optional.empty();
        // Concurrent redemptions of one token: the row lock lets exactly one UPDATE see used_at null.
        List<UUID> gateway = jdbc.query("""
                update enrollment_token set used_at = now()
                where token_hash = ? and used_at is null and expires_at > now()
                returning gateway_id""", (rs, i) -> rs.getObject(1, UUID.class), hash(token));
        return gateway.stream().findFirst();
    }

    private static byte[] hash(String token) {
        return RandomTokens.hash(token);
    }
}
