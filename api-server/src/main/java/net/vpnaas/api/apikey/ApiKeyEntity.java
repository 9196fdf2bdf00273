package net.vpnaas.api.apikey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.TenantOwnedEntity;
import net.vpnaas.model.ApiKeySpec;

/** An API key: its role and the SHA-256 of its secret. A revoked key stays listed but no longer works. */
@Entity
@Table(name = "api_key")
public class ApiKeyEntity extends TenantOwnedEntity {
    @Column(nullable = false, updatable = false)
    private String role;
    @Column(name = "secret_hash", nullable = false, updatable = false)
    private byte[] secretHash;
    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKeyEntity() {}

    ApiKeyEntity(UUID id, UUID tenantId, ApiKeySpec spec) {
        super(id, tenantId);
        setNameAndLabels(spec.name(), spec.labels());
        this.role = spec.role();
    }

    void setSecretHash(byte[] secretHash) {
        this.secretHash = secretHash.clone();
    }

    void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now();
        }
    }

    @Override
    protected void addColumns(Map<String, Object> columns) {
        columns.put("role", role);
        columns.put("secret_hash", secretHash);
        columns.put("revoked_at", revokedAt == null ? null : revokedAt.atOffset(ZoneOffset.UTC));
    }

    public String getRole() { return role; }
    public byte[] getSecretHash() { return secretHash.clone(); }
    public Instant getRevokedAt() { return revokedAt; }
}
