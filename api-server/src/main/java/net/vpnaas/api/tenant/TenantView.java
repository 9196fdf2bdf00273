package net.vpnaas.api.tenant;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.web.Versioned;

/** A tenant as the API shows it. */
public record TenantView(UUID id, UUID parentId, String name, String kind, Map<String, String> labels, long version,
                         Instant createdAt, Instant updatedAt) implements Versioned {
    static TenantView of(TenantEntity e) {
        return new TenantView(e.getId(), e.getParentId(), e.getName(), e.getKind(), e.getLabels(), e.getVersion(),
                e.getCreatedAt(), e.getUpdatedAt());
    }
}
