package net.vpnaas.api.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.web.Versioned;

/**
 * A gateway as the API shows it. {@code configRevision} grows with every change that alters what
 * the gateway must run (its own settings, its tunnels and their peers and policies).
 */
public record GatewayView(UUID id, UUID tenantId, String name, Map<String, String> labels,
                          List<String> publicAddresses, long configRevision, long version,
                          Instant createdAt, Instant updatedAt) implements Versioned {
    static GatewayView of(GatewayEntity e) {
        return new GatewayView(e.getId(), e.getTenantId(), e.getName(), e.getLabels(), e.getPublicAddresses(),
                e.getConfigRevision(), e.getVersion(), e.getCreatedAt(), e.getUpdatedAt());
    }
}
