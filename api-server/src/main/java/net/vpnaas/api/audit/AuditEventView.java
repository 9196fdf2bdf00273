package net.vpnaas.api.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An audit event as the API shows it. */
public record AuditEventView(UUID id, UUID tenantId, UUID apiKeyId, String action, String resourceType,
                             UUID resourceId, Instant occurredAt, Map<String, Object> changes) {
    static AuditEventView of(AuditEventEntity e) {
        return new AuditEventView(e.getId(), e.getTenantId(), e.getApiKeyId(), e.getAction(), e.getResourceType(),
                e.getResourceId(), e.getOccurredAt(), e.getChanges());
    }
}
