package net.vpnaas.api.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Ids;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One recorded mutation; rows are written once and never changed. */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEventEntity implements org.springframework.data.domain.Persistable<UUID> {
    @Id
    private UUID id;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(name = "api_key_id", nullable = false)
    private UUID apiKeyId;
    @Column(nullable = false)
    private String action;
    @Column(name = "resource_type", nullable = false)
    private String resourceType;
    @Column(name = "resource_id", nullable = false)
    private UUID resourceId;
    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private Map<String, Object> changes;

    protected AuditEventEntity() {}

    AuditEventEntity(UUID tenantId, UUID apiKeyId, String action, String resourceType, UUID resourceId,
                     Map<String, Object> changes) {
        this.id = Ids.newId();
        this.tenantId = tenantId;
        this.apiKeyId = apiKeyId;
        this.action = action;
        this.resourceType = resourceType;
        this.resourceId = resourceId;
        this.occurredAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        this.changes = changes;
    }

    public UUID getId() { return id; }
    public UUID getTenantId() { return tenantId; }
    public UUID getApiKeyId() { return apiKeyId; }
    public String getAction() { return action; }
    public String getResourceType() { return resourceType; }
    public UUID getResourceId() { return resourceId; }
    public Instant getOccurredAt() { return occurredAt; }
    public Map<String, Object> getChanges() { return changes; }

    /** Ids are assigned by us, so Spring Data cannot tell new rows by a null id: it asks here. */
    @jakarta.persistence.Transient
    private boolean persisted;

    @Override
    public boolean isNew() {
        return !persisted;
    }

    @jakarta.persistence.PostPersist
    @jakarta.persistence.PostLoad
    void markPersisted() {
        persisted = true;
    }
}
