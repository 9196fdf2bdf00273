package net.vpnaas.api.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import net.vpnaas.api.apikey.ApiKeyService;
import net.vpnaas.api.session.SessionCookie;
import net.vpnaas.api.session.Sessions;
import net.vpnaas.api.tenant.TenantRepository;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.api.web.ProblemWriter;
import net.vpnaas.model.Role;
import net.vpnaas.model.validation.Violation;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Authenticates every request to the API port before Spring routes it: by its bearer API key, or,
 * without an Authorization header, by the portal's session cookie. Then resolves the acting tenant
 * (the principal's own, or a descendant named in {@value Caller#TENANT_HEADER}; anything else is 404
 * as if it did not exist). No path is exempt but the two public routes (signing in, accepting an
 * invitation; see {@link PublicRoute}): the port serves only the API (health and metrics are on the
 * management port), so a path that matches no route is 401 without credentials and 404 with them.
 * What a role may do is decided per route once Spring has chosen the handler ({@link AccessInterceptor}).
 *
 * <p>A request authenticated by the cookie that may change something (any method but GET and HEAD)
 * must also carry {@value #CSRF_HEADER} equal to its session's token, which only the portal's own
 * pages can read (from the sign-in answer or GET /v1/sessions/current): another site can make a
 * browser send the cookie (were SameSite ever not honoured), never this header with that value.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AuthenticationFilter extends OncePerRequestFilter {
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Method and path of the routes served without credentials; see {@link PublicRoute}. */
    static final Set<String> PUBLIC_ROUTES = Set.of("POST /v1/sessions", "POST /v1/invitations/accept");

    private final ApiKeyService apiKeys;
    private final Sessions sessions;
    private final TenantRepository tenants;

    AuthenticationFilter(ApiKeyService apiKeys, Sessions sessions, TenantRepository tenants) {
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.tenants = tenants;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isPublicRoute(request)) {
            chain.doFilter(request, response); // the handler acts for no caller; RouteAccess checked it is public
            return;
        }
        String authorization = request.getHeader("Authorization");
        String cookieToken = SessionCookie.token(request);
        Authenticated principal;
        if (authorization != null || cookieToken == null) {
            ApiKeyToken token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? ApiKeyToken.parse(authorization.substring(7).strip()) : null;
            var key = token == null ? Optional.<ApiKeyService.ActiveKey>empty() : apiKeys.authenticate(token);
            if (key.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Bearer");
                ProblemWriter.write(response, ProblemType.UNAUTHENTICATED,
                        "send 'Authorization: Bearer <api key>' with an active key, or sign in (POST /v1/sessions)", List.of());
                return;
            }
            principal = new Authenticated(new Caller.ApiKey(key.get().id()), key.get().tenantId(), key.get().role());
        } else {
            var session = sessions.authenticate(cookieToken);
            if (session.isEmpty()) {
                response.addHeader("Set-Cookie", SessionCookie.clear(request.isSecure()));
                ProblemWriter.write(response, ProblemType.UNAUTHENTICATED,
                        "the session ended or expired; sign in again (POST /v1/sessions)", List.of());
                return;
            }
            if (!onlyReads(request) && !csrfTokenMatches(request.getHeader(CSRF_HEADER), session.get().csrfToken())) {
                ProblemWriter.write(response, ProblemType.FORBIDDEN,
                        "a request with the session cookie that changes something must send the session's csrfToken in "
                                + CSRF_HEADER, List.of(new Violation(CSRF_HEADER, "missing or not this session's token")));
                return;
            }
            var s = session.get();
            principal = new Authenticated(new Caller.User(s.userId(), s.id()), s.tenantId(), s.role());
        }
        UUID acting = principal.tenantId();
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
            if (!target.equals(principal.tenantId()) && !tenants.isStrictDescendant(target, principal.tenantId())) {
                ProblemWriter.write(response, ProblemType.NOT_FOUND, "no such tenant", List.of());
                return;
            }
            acting = target;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, new Caller(principal.who(), principal.tenantId(), principal.role(), acting));
        chain.doFilter(request, response);
    }

    private record Authenticated(Caller.Principal who, UUID tenantId, Role role) {}

    /**
     * Compared with the path Spring matches routes against: the request URI percent-decoded (the
     * canonical path filter already refused every spelling that decodes to another route).
     */
    private static boolean isPublicRoute(HttpServletRequest request) {
        String path = UriUtils.decode(request.getRequestURI(), StandardCharsets.UTF_8);
        return PUBLIC_ROUTES.contains(request.getMethod() + " " + path);
    }

    private static boolean onlyReads(HttpServletRequest request) {
        return request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    }

    private static boolean csrfTokenMatches(String sent, String expected) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
