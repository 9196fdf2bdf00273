package net.vpnaas.api.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import net.vpnaas.api.apikey.ApiKeyService;
import net.vpnaas.api.tenant.TenantRepository;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.api.web.ProblemWriter;
import net.vpnaas.model.validation.Violation;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request to the API port by its bearer API key, before Spring routes it, and
 * resolves the acting tenant (the key's own, or a descendant named in {@value Caller#TENANT_HEADER};
 * anything else is 404 as if it did not exist). No path is exempt: the port serves only the API
 * (health and metrics are on the management port), so no spelling of a path can skip this, and a
 * path that matches no route is 401 without a key and 404 with one. What a role may do is decided
 * per route once Spring has chosen the handler ({@link AccessInterceptor}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {
    private final ApiKeyService apiKeys;
    private final TenantRepository tenants;

    ApiKeyAuthenticationFilter(ApiKeyService apiKeys, TenantRepository tenants) {
        this.apiKeys = apiKeys;
        this.tenants = tenants;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        ApiKeyToken token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? ApiKeyToken.parse(authorization.substring(7).strip()) : null;
        var key = token == null ? java.util.Optional.<ApiKeyService.ActiveKey>empty() : apiKeys.authenticate(token);
        if (key.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            ProblemWriter.write(response, ProblemType.UNAUTHENTICATED,
                    "send 'Authorization: Bearer <api key>' with an active key", List.of());
            return;
        }
        UUID keyTenant = key.get().tenantId();
        UUID acting = keyTenant;
        String requested = request.getHeader(Caller.TENANT_HEADER);
        if (requested != null) {
            UUID target;
            try {
                target = UUID.fromString(requested);
            } catch (IllegalArgumentException e) {
                ProblemWriter.write(response, ProblemType.MALFORMED_REQUEST, Caller.TENANT_HEADER + " must be a UUID",
                        List.of(new Violation(Caller.TENANT_HEADER, "must be a UUID")));
                return;
            }
            if (!target.equals(keyTenant) && !tenants.isStrictDescendant(target, keyTenant)) {
                ProblemWriter.write(response, ProblemType.NOT_FOUND, "no such tenant", List.of());
                return;
            }
            acting = target;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, new Caller(key.get().id(), keyTenant, key.get().role(), acting));
        chain.doFilter(request, response);
    }
}
