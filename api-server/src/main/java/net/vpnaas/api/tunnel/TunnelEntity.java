package net.vpnaas.api.tunnel;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.TenantOwnedEntity;
import net.vpnaas.model.TunnelSpec;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "tunnel")
public class TunnelEntity extends TenantOwnedEntity {
    @Column(name = "gateway_id", nullable = false)
    private UUID gatewayId;
    @Column(name = "peer_id", nullable = false)
    private UUID peerId;
    @Column(name = "policy_id", nullable = false)
    private UUID policyId;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "local_traffic_selectors", nullable = false)
    private List<String> localTrafficSelectors;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "remote_traffic_selectors", nullable = false)
    private List<String> remoteTrafficSelectors;
    /** Written by telemetry (later work); the API never accepts it. */
    @Column(nullable = false, insertable = false, updatable = false)
    private String status;

    protected TunnelEntity() {}

    TunnelEntity(UUID tenantId, TunnelSpec spec) {
        super(tenantId);
        this.status = "UNKNOWN";
        apply(spec);
    }

    void apply(TunnelSpec s) {
        setNameAndLabels(s.name(), s.labels());
        gatewayId = s.gatewayId();
        peerId = s.peerId();
        policyId = s.policyId();
        localTrafficSelectors = new ArrayList<>(s.localTrafficSelectors());
        remoteTrafficSelectors = new ArrayList<>(s.remoteTrafficSelectors());
    }

    /** Leaves out {@code status}: the column's default (UNKNOWN) until telemetry writes it. */
    @Override
    protected void addColumns(Map<String, Object> columns) {
        columns.put("gateway_id", gatewayId);
        columns.put("peer_id", peerId);
        columns.put("policy_id", policyId);
        columns.put("local_traffic_selectors", Columns.jsonb(localTrafficSelectors));
        columns.put("remote_traffic_selectors", Columns.jsonb(remoteTrafficSelectors));
    }

    TunnelSpec toSpec() {
        return new TunnelSpec(getName(), getLabels(), gatewayId, peerId, policyId, List.copyOf(localTrafficSelectors),
                List.copyOf(remoteTrafficSelectors));
    }

    public UUID getGatewayId() { return gatewayId; }
    public String getStatus() { return status; }
}
