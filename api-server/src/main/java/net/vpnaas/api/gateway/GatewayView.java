package net.vpnaas.api.gateway;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.web.Versioned;
import net.vpnaas.model.GatewayDefence;

/**
 * A gateway as the API shows it. {@code configRevision} grows with every change that alters what
 * the gateway must run (its own settings, its tunnels and their peers and policies). {@code defence}
 * is always shown whole, the defaults filled in.
 */
public record GatewayView(UUID id, UUID tenantId, String name, Map<String, String> labels,
                          List<String> publicAddresses, GatewayDefence defence, long configRevision, long version,
                          Instant createdAt, Instant updatedAt) implements Versioned {
    static final String COLUMNS = "id, tenant_id, name, labels, public_addresses, " + DefenceColumns.SELECT
            + ", config_revision, version, created_at, updated_at";

    static GatewayView fromRow(ResultSet rs, int row) throws SQLException {
        return new GatewayView(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), rs.getString("name"),
                Columns.stringMap(rs, "labels"), Columns.stringList(rs, "public_addresses"), DefenceColumns.read(rs),
                rs.getLong("config_revision"),
                rs.getLong("version"), Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));
    }

    static GatewayView of(GatewayEntity e) {
        return new GatewayView(e.getId(), e.getTenantId(), e.getName(), e.getLabels(), e.getPublicAddresses(),
                e.getDefence(), e.getConfigRevision(), e.getVersion(), e.getCreatedAt(), e.getUpdatedAt());
    }
}
