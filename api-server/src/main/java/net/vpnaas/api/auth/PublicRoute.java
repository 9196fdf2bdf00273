package net.vpnaas.api.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler that serves callers who are not authenticated (signing in, accepting an invitation). The
 * authentication filter lets the routes of {@link AuthenticationFilter#PUBLIC_ROUTES} through without
 * credentials, and {@link AccessInterceptor} serves a request without a caller only when its handler
 * carries this annotation: a public route needs both, so neither alone opens one. {@link RouteAccess}
 * refuses to start with an annotated handler the filter would not let through.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PublicRoute {}
