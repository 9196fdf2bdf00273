package net.vpnaas.api.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A session as the API shows it: who is signed in, the token to send in X-CSRF-Token with every
 * change, when the session ends if unused, and the tenants the user may act on (its own first,
 * then, for an MSP user, its descendants, to name in Vpnaas-Tenant-Id). Never the cookie's token.
 */
public record SessionView(SessionUser user, String csrfToken, Instant expiresAt, List<ActingTenant> tenants) {
    public record SessionUser(UUID id, String email, String role, UUID tenantId) {}

    public record ActingTenant(UUID id, UUID parentId, String name, String kind) {}
}
