package net.vpnaas.api.tunnel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.web.Versioned;
import net.vpnaas.model.TunnelSpec;

/** A tunnel as the API shows it; {@code status} is UNKNOWN until an agent reports telemetry. */
public record TunnelView(UUID id, UUID tenantId, String name, Map<String, String> labels, UUID gatewayId,
                         UUID peerId, UUID policyId, List<String> localTrafficSelectors,
                         List<String> remoteTrafficSelectors, String insideCidr, String status, long version,
                         Instant createdAt, Instant updatedAt) implements Versioned {
    static TunnelView of(TunnelEntity e) {
        TunnelSpec s = e.toSpec();
        return new TunnelView(e.getId(), e.getTenantId(), s.name(), s.labels(), s.gatewayId(), s.peerId(),
                s.policyId(), s.localTrafficSelectors(), s.remoteTrafficSelectors(), s.insideCidr(),
                e.getStatus() == null ? "UNKNOWN" : e.getStatus(), e.getVersion(), e.getCreatedAt(), e.getUpdatedAt());
    }
}
