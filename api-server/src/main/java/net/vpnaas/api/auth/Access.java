package net.vpnaas.api.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.vpnaas.model.Role;

/**
 * Who may call a controller's handlers, declared next to them: the least role for handlers that only
 * read ({@code GET}) and for handlers that change something (every other method). A handler method may
 * carry its own {@code @Access}, which replaces its class's. {@link RouteAccess} refuses to start a
 * server with a handler that declares nothing, so no endpoint is open by omission.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Access {
    Role reads() default Role.VIEWER;

    Role changes();
}
