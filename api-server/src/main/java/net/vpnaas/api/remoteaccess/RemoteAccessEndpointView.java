package net.vpnaas.api.remoteaccess;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.web.Versioned;
import net.vpnaas.model.RemoteAccessEndpointSpec;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A remote-access endpoint as the API shows it: its RADIUS servers without their secrets (write-only). */
public record RemoteAccessEndpointView(UUID id, UUID tenantId, String name, Map<String, String> labels, UUID gatewayId, UUID policyId,
                                       List<String> addressPools, List<String> dnsServers, List<String> allowedNetworks,
                                       List<RadiusServerView> radiusServers, boolean eapOnly, long version, Instant createdAt,
                                       Instant updatedAt) implements Versioned {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<RadiusServerView>> SERVERS = new TypeReference<>() {};

    /** What {@link #fromRow} reads; never the secrets. */
    static final String COLUMNS = "id, tenant_id, name, labels, gateway_id, policy_id, address_pools, dns_servers, allowed_networks,"
            + " radius_servers, eap_only, version, created_at, updated_at";

    static RemoteAccessEndpointView fromRow(ResultSet rs, int row) throws SQLException {
        return new RemoteAccessEndpointView(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), rs.getString("name"),
                Columns.stringMap(rs, "labels"), Columns.uuid(rs, "gateway_id"), Columns.uuid(rs, "policy_id"),
                Columns.stringList(rs, "address_pools"), Columns.stringList(rs, "dns_servers"), Columns.stringList(rs, "allowed_networks"),
                List.copyOf(JSON.readValue(rs.getString("radius_servers"), SERVERS)), rs.getBoolean("eap_only"),
                rs.getLong("version"), Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));
    }

    static RemoteAccessEndpointView of(RemoteAccessEndpointEntity e) {
        RemoteAccessEndpointSpec s = e.toSpec();
        return new RemoteAccessEndpointView(e.getId(), e.getTenantId(), s.name(), s.labels(), s.gatewayId(), s.policyId(),
                s.addressPools(), s.dnsServers(), s.allowedNetworks(),
                s.radiusServers().stream().map(r -> new RadiusServerView(r.address(), r.port())).toList(), s.eapOnly(),
                e.getVersion(), e.getCreatedAt(), e.getUpdatedAt());
    }
}
