package net.vpnaas.api.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import net.vpnaas.api.support.Ids;
import net.vpnaas.model.TenantSpec;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A tenant; {@code parentId} is the MSP tenant that manages it (null only for the root tenant). */
@Entity
@Table(name = "tenant")
public class TenantEntity implements org.springframework.data.domain.Persistable<UUID> {
    @Id
    private UUID id;
    @Column(name = "parent_id", updatable = false)
    private UUID parentId;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String kind;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private Map<String, String> labels;
    @Version
    private Long version;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected TenantEntity() {}

    TenantEntity(UUID parentId, TenantSpec spec) {
        this.id = Ids.newId();
        this.parentId = parentId;
        apply(spec);
    }

    void apply(TenantSpec spec) {
        this.name = spec.name();
        this.labels = new TreeMap<>(spec.labels());
        this.kind = spec.kind();
    }

    TenantSpec toSpec() {
        return new TenantSpec(name, labels, kind);
    }

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
    public UUID getParentId() { return parentId; }
    public String getName() { return name; }
    public String getKind() { return kind; }
    public Map<String, String> getLabels() { return labels; }
    public long getVersion() { return version == null ? 0 : version; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }

    public boolean isMsp() {
        return TenantSpec.MSP.equals(kind);
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
