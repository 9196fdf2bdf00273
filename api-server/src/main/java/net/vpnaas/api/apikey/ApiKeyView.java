package net.vpnaas.api.apikey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.web.Versioned;

/**
 * An API key as the API shows it. {@code secret} (the whole bearer token) appears only in the
 * response that created the key; it is not stored and cannot be shown again.
 */
public record ApiKeyView(UUID id, UUID tenantId, String name, Map<String, String> labels, String role,
                         Instant revokedAt, String secret, long version, Instant createdAt, Instant updatedAt)
        implements Versioned {
    /** What {@link #fromRow} reads; never the secret's hash. */
    static final String COLUMNS = "id, tenant_id, name, labels, role, revoked_at, version, created_at, updated_at";

    static ApiKeyView fromRow(ResultSet rs, int row) throws SQLException {
        return new ApiKeyView(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), rs.getString("name"),
                Columns.stringMap(rs, "labels"), rs.getString("role"), Columns.instant(rs, "revoked_at"), null,
                rs.getLong("version"), Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));
    }

    static ApiKeyView of(ApiKeyEntity e) {
        return withSecret(e, null);
    }

    static ApiKeyView withSecret(ApiKeyEntity e, String secret) {
        return new ApiKeyView(e.getId(), e.getTenantId(), e.getName(), e.getLabels(), e.getRole(), e.getRevokedAt(),
                secret, e.getVersion(), e.getCreatedAt(), e.getUpdatedAt());
    }

    ApiKeyView withoutSecret() {
        return new ApiKeyView(id, tenantId, name, labels, role, revokedAt, null, version, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "ApiKeyView[id=" + id + ", role=" + role + "]";
    }
}
