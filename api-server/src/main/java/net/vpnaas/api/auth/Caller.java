package net.vpnaas.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import net.vpnaas.model.Role;

/**
 * Who is calling and on whose behalf: the principal (an API key, or a person signed in with a
 * session cookie), the tenant that owns it, its role, and the tenant the request acts on
 * ({@code tenantId}): the principal's own tenant, or one of its MSP descendants named by the
 * {@value #TENANT_HEADER} header.
 */
public record Caller(Principal principal, UUID keyTenantId, Role role, UUID tenantId) {
    public static final String TENANT_HEADER = "Vpnaas-Tenant-Id";
    static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    /** What authenticated the request. */
    public sealed interface Principal {
        /** The id recorded as the actor of what the request does (audit events, enrollment tokens). */
        UUID id();
    }

    public record ApiKey(UUID id) implements Principal {}

    /** A person: the user and the session whose cookie came with the request. */
    public record User(UUID id, UUID sessionId) implements Principal {}

    /** The API key, or null when a person called. */
    public UUID apiKeyId() {
        return principal instanceof ApiKey k ? k.id() : null;
    }

    /** The user, or null when an API key called. */
    public UUID userId() {
        return principal instanceof User u ? u.id() : null;
    }

    /** The caller established for this request, or null. */
    public static Caller of(HttpServletRequest request) {
        return (Caller) request.getAttribute(REQUEST_ATTRIBUTE);
    }
}
