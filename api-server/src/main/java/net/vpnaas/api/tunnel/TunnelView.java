package net.vpnaas.api.tunnel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.Versioned;
import net.vpnaas.model.TunnelSpec;

/** A tunnel as the API shows it; {@code status} is UNKNOWN until an agent reports telemetry. */
public record TunnelView(UUID id, UUID tenantId, String name, Map<String, String> labels, UUID gatewayId,
                         UUID peerId, UUID policyId, List<String> localTrafficSelectors,
                         List<String> remoteTrafficSelectors, String status, long version,
                         Instant createdAt, Instant updatedAt) implements Versioned {
    static final String COLUMNS = "id, tenant_id, name, labels, gateway_id, peer_id, policy_id, local_traffic_selectors,"
            + " remote_traffic_selectors, status, version, created_at, updated_at";

    /** The status moves with the agent's reports, not with the row version: both make the tag. */
    @Override
    public String etag() {
        return ETags.of(version, status);
    }

    static TunnelView fromRow(ResultSet rs, int row) throws SQLException {
        return new TunnelView(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), rs.getString("name"),
                Columns.stringMap(rs, "labels"), Columns.uuid(rs, "gateway_id"), Columns.uuid(rs, "peer_id"),
                Columns.uuid(rs, "policy_id"), Columns.stringList(rs, "local_traffic_selectors"),
                Columns.stringList(rs, "remote_traffic_selectors"), rs.getString("status"),
                rs.getLong("version"), Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));
    }

    static TunnelView of(TunnelEntity e) {
        TunnelSpec s = e.toSpec();
        return new TunnelView(e.getId(), e.getTenantId(), s.name(), s.labels(), s.gatewayId(), s.peerId(),
                s.policyId(), s.localTrafficSelectors(), s.remoteTrafficSelectors(),
                e.getStatus() == null ? "UNKNOWN" : e.getStatus(), e.getVersion(), e.getCreatedAt(), e.getUpdatedAt());
    }
}
