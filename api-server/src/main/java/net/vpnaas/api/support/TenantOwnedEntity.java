package net.vpnaas.api.support;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The columns every tenant-owned resource shares. {@code version} is JPA's optimistic lock and the
 * resource's ETag; Hibernate bumps it only when a row really changes.
 */
@MappedSuperclass
public abstract class TenantOwnedEntity implements org.springframework.data.domain.Persistable<UUID> {
    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String name;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private Map<String, String> labels;

    @Version
    private Long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected TenantOwnedEntity() {}

    protected TenantOwnedEntity(UUID tenantId) {
        this(Ids.newId(), tenantId);
    }

    protected TenantOwnedEntity(UUID id, UUID tenantId) {
        this.id = id;
        this.tenantId = tenantId;
    }

    /**
     * This new resource as a row to insert without Hibernate (see AuditLog#insertCreated); stamps
     * it as {@code persist} would, so the entity then shows what was written.
     */
    public NewRow newRow() {
        onCreate();
        version = 0L;
        persisted = true;
        var columns = new LinkedHashMap<String, Object>();
        columns.put("id", id);
        columns.put("tenant_id", tenantId);
        columns.put("name", name);
        columns.put("labels", Columns.jsonb(labels));
        columns.put("version", version);
        columns.put("created_at", createdAt.atOffset(ZoneOffset.UTC));
        columns.put("updated_at", updatedAt.atOffset(ZoneOffset.UTC));
        addColumns(columns);
        return new NewRow(getClass().getAnnotation(Table.class).name(), columns);
    }

    /** Puts this kind's own columns of {@link #newRow()}, jsonb ones as {@link Columns#jsonb}. */
    protected abstract void addColumns(Map<String, Object> columns);

    @PrePersist
    void onCreate() {
        createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        updatedAt = createdAt;
    }

    @PreUpdate
    void onUpdate() {
        updatedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public UUID getId() { return id; }
    public UUID getTenantId() { return tenantId; }
    public String getName() { return name; }
    public Map<String, String> getLabels() { return labels; }
    /** Zero until the first flush of a new row. */
    public long getVersion() { return version == null ? 0 : version; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }

    protected void setNameAndLabels(String name, Map<String, String> labels) {
        this.name = name;
        // a fresh map so Hibernate's dirty check compares values, not a shared instance
        this.labels = new java.util.TreeMap<>(labels);
    }

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
