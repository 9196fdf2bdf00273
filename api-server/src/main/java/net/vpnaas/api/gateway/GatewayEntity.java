package net.vpnaas.api.gateway;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.TenantOwnedEntity;
import net.vpnaas.model.GatewaySpec;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "gateway")
public class GatewayEntity extends TenantOwnedEntity {
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "public_addresses", nullable = false)
    private List<String> publicAddresses;

    /** The version of the configuration the gateway's agents must run; see GatewayRevisions. */
    @Column(name = "config_revision", nullable = false)
    private long configRevision;

    protected GatewayEntity() {}

    GatewayEntity(UUID tenantId, GatewaySpec spec) {
        super(tenantId);
        this.configRevision = 1;
        apply(spec);
    }

    void apply(GatewaySpec spec) {
        setNameAndLabels(spec.name(), spec.labels());
        this.publicAddresses = new ArrayList<>(spec.publicAddresses());
    }

    void bumpConfigRevision() {
        configRevision++;
    }

    @Override
    protected void addColumns(Map<String, Object> columns) {
        columns.put("public_addresses", Columns.jsonb(publicAddresses));
        columns.put("config_revision", configRevision);
    }

    GatewaySpec toSpec() {
        return new GatewaySpec(getName(), getLabels(), List.copyOf(publicAddresses));
    }

    public List<String> getPublicAddresses() { return publicAddresses; }
    public long getConfigRevision() { return configRevision; }
}
