package net.vpnaas.api.auth;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.api.web.ProblemWriter;
import net.vpnaas.model.Role;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authorization: runs once Spring has chosen the handler, and lets the caller through only if its role
 * is at least what {@link RouteAccess} says that handler needs. The caller was authenticated before
 * any routing (see {@link AuthenticationFilter}); only a {@link PublicRoute} is served without a caller.
 */
@Component
class AccessInterceptor implements HandlerInterceptor {
    private final RouteAccess routes;

    AccessInterceptor(RouteAccess routes) {
        this.routes = routes;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return true; // the error page reports a failure of this request; it acts on nothing
        }
        Caller caller = Caller.of(request);
        if (caller == null && routes.isPublic(handler)) {
            return true;
        }
        if (caller == null) {
            // the filter authenticates every request before routing; fail closed should that ever change
            ProblemWriter.write(response, ProblemType.UNAUTHENTICATED, "an API key is required", List.of());
            return false;
        }
        Role least = routes.leastRole(handler);
        if (caller.role().atLeast(least)) {
            return true;
        }
        String kind = caller.userId() != null ? " user" : " key";
        ProblemWriter.write(response, ProblemType.FORBIDDEN, "a " + caller.role().wireName() + kind + " cannot do this; it needs "
                + (least == Role.ADMIN ? "an admin" : "an " + least.wireName()) + kind, List.of());
        return false;
    }
}
