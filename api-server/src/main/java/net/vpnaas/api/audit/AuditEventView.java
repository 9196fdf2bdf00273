package net.vpnaas.api.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import tools.jackson.databind.JsonNode;

/** An audit event as the API shows it; its actor is an API key or a user (one of the two is null). */
public record AuditEventView(UUID id, UUID tenantId, UUID apiKeyId, UUID userId, String action, String resourceType,
                             UUID resourceId, Instant occurredAt, JsonNode changes) {

    static final String COLUMNS = "id, tenant_id, api_key_id, user_id, action, resource_type, resource_id, occurred_at, changes";

    static AuditEventView fromRow(ResultSet rs, int row) throws SQLException {
        return new AuditEventView(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), Columns.uuid(rs, "api_key_id"),
                Columns.uuid(rs, "user_id"),
                rs.getString("action"), rs.getString("resource_type"), Columns.uuid(rs, "resource_id"),
                Columns.instant(rs, "occurred_at"), Columns.jsonTree(rs, "changes"));
    }
}
