package net.vpnaas.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import net.vpnaas.model.Role;

/**
 * Who is calling and on whose behalf: the API key, the tenant that owns it, its role, and the
 * tenant the request acts on ({@code tenantId}): the key's own tenant, or one of its MSP
 * descendants named by the {@value #TENANT_HEADER} header.
 */
public record Caller(UUID apiKeyId, UUID keyTenantId, Role role, UUID tenantId) {
    public static final String TENANT_HEADER = "Vpnaas-Tenant-Id";
    static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    /** The caller the authentication filter established for this request, or null. */
    static Caller of(HttpServletRequest request) {
        return (Caller) request.getAttribute(REQUEST_ATTRIBUTE);
    }
}
