package net.vpnaas.api.auth;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import net.vpnaas.model.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The least role each route needs, read from the {@link Access} declarations of the handler Spring
 * resolved for the request: rights follow the route Spring serves, whatever spelling of the path
 * reached it. Built from the handler mappings once the context is up; a handler of ours without a
 * declaration stops the start.
 */
@Component
public class RouteAccess implements SmartInitializingSingleton {
    private static final String OUR_PACKAGE = "net.vpnaas.";

    /** Looked up once all beans exist: the mapping itself is built with our interceptors, which need us. */
    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    /** Keyed by bean type and method: an inherited handler (ResourceController's) differs per controller. */
    private final Map<HandlerKey, Role> leastRole = new ConcurrentHashMap<>();
    private final Set<HandlerKey> publicHandlers = ConcurrentHashMap.newKeySet();

    private record HandlerKey(Class<?> beanType, Method method) {}

    RouteAccess(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> undeclared = new ArrayList<>();
        Set<String> publicRoutes = new TreeSet<>();
        mappings.getObject().getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getName().startsWith(OUR_PACKAGE)) {
                return;
            }
            if (AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PublicRoute.class)) {
                publicHandlers.add(key(handler));
                info.getMethodsCondition().getMethods().forEach(m ->
                        info.getPatternValues().forEach(p -> publicRoutes.add(m.name() + " " + p)));
                return;
            }
            Access access = declaration(handler);
            if (access == null) {
                undeclared.add(handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName());
                return;
            }
            leastRole.put(key(handler), onlyReads(info) ? access.reads() : access.changes());
        });
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("handlers without an @Access declaration: " + undeclared);
        }
        publicRoutes.removeAll(AuthenticationFilter.PUBLIC_ROUTES);
        if (!publicRoutes.isEmpty()) {
            // the filter would ask these for credentials that their callers cannot have
            throw new IllegalStateException("@PublicRoute handlers that the authentication filter does not let through: "
                    + publicRoutes + " (see AuthenticationFilter.PUBLIC_ROUTES)");
        }
    }

    /** Whether the handler serves callers without credentials ({@link PublicRoute}). */
    boolean isPublic(Object handler) {
        return handler instanceof HandlerMethod method && publicHandlers.contains(key(method));
    }

    /** The least role for the handler; a handler not of ours (Spring's OPTIONS answer) only reads. */
    Role leastRole(Object handler) {
        if (handler instanceof HandlerMethod method) {
            Role role = leastRole.get(key(method));
            if (role != null) {
                return role;
            }
            if (method.getBeanType().getName().startsWith(OUR_PACKAGE)) {
                throw new IllegalStateException("no access rule for " + method);
            }
        }
        return Role.VIEWER;
    }

    private static HandlerKey key(HandlerMethod handler) {
        return new HandlerKey(handler.getBeanType(), handler.getMethod());
    }

    private static Access declaration(HandlerMethod handler) {
        Access onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Access.class);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), Access.class);
    }

    private static boolean onlyReads(RequestMappingInfo info) {
        var methods = info.getMethodsCondition().getMethods();
        return !methods.isEmpty() && methods.stream().allMatch(m -> m == RequestMethod.GET || m == RequestMethod.HEAD);
    }
}
