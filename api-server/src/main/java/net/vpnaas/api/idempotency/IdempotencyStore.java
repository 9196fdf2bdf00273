package net.vpnaas.api.idempotency;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The idempotency_record table. Plain SQL because the claim is PostgreSQL's
 * {@code INSERT ... ON CONFLICT DO NOTHING}: a second transaction with the same key waits on the
 * first one's uncommitted row and then sees it, so two concurrent retries never both create.
 */
@Repository
class IdempotencyStore {
    record StoredResponse(byte[] fingerprint, int status, String location, String etag, byte[] encryptedBody) {}

    private final JdbcClient jdbc;

    IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this transaction now owns the key; false when a committed request already used it. */
    boolean claim(UUID tenantId, String key, byte[] fingerprint) {
        return jdbc.sql("""
                        insert into idempotency_record (tenant_id, idempotency_key, request_fingerprint, created_at)
                        values (?, ?, ?, ?) on conflict do nothing""")
                .params(tenantId, key, fingerprint, java.sql.Timestamp.from(Instant.now()))
                .update() == 1;
    }

    void complete(UUID tenantId, String key, int status, String location, String etag, byte[] encryptedBody) {
        jdbc.sql("""
                        update idempotency_record set response_status = ?, response_location = ?, response_etag = ?,
                            response_body = ? where tenant_id = ? and idempotency_key = ?""")
                .params(status, location, etag, encryptedBody, tenantId, key)
                .update();
    }

    Optional<StoredResponse> find(UUID tenantId, String key) {
        return jdbc.sql("""
                        select request_fingerprint, response_status, response_location, response_etag, response_body
                        from idempotency_record where tenant_id = ? and idempotency_key = ?""")
                .params(tenantId, key)
                .query((rs, n) -> new StoredResponse(rs.getBytes(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBytes(5)))
                .optional();
    }

    int deleteOlderThan(Instant cutoff) {
        return jdbc.sql("delete from idempotency_record where created_at < ?")
                .param(java.sql.Timestamp.from(cutoff)).update();
    }
}
