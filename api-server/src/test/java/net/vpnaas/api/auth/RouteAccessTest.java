package net.vpnaas.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.vpnaas.model.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The route table on its own, over handler mappings built from small controllers: the running server
 * is covered by PathTrickAuthorizationTest; here the start-up refusal of an undeclared handler.
 */
class RouteAccessTest {

    @RestController
    @Access(changes = Role.ADMIN)
    static class Declared {
        @GetMapping("/things")
        String list() { return ""; }

        @PostMapping("/things")
        String create() { return ""; }

        @DeleteMapping("/things/{id}")
        @Access(changes = Role.OPERATOR)
        void delete() {}
    }

    @RestController
    static class Undeclared {
        @PostMapping("/open")
        String open() { return ""; }
    }

    private static RouteAccess routesOf(RequestMappingHandlerMapping mapping) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("requestMappingHandlerMapping", mapping);
        return new RouteAccess(beans.getBeanProvider(RequestMappingHandlerMapping.class));
    }

    private static RequestMappingHandlerMapping mappingOf(Class<?> controller) {
        StaticApplicationContext context = new StaticApplicationContext();
        context.registerSingleton("controller", controller);
        context.refresh();
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        return mapping;
    }

    @Test
    void eachHandlerGetsTheLeastRoleItsDeclarationNames() {
        RequestMappingHandlerMapping mapping = mappingOf(Declared.class);
        RouteAccess routes = routesOf(mapping);
        routes.afterSingletonsInstantiated();
        Map<String, Role> byMethod = new java.util.TreeMap<>();
        for (HandlerMethod handler : mapping.getHandlerMethods().values()) {
            byMethod.put(handler.getMethod().getName(), routes.leastRole(handler));
        }
        assertThat(byMethod).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "list", Role.VIEWER, "create", Role.ADMIN, "delete", Role.OPERATOR)));
    }

    @Test
    void aHandlerWithoutADeclarationStopsTheStart() {
        RouteAccess routes = routesOf(mappingOf(Undeclared.class));
        assertThatThrownBy(routes::afterSingletonsInstantiated).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Undeclared.open");
    }

    @Test
    void rolesIncludeTheLesserOnes() {
        assertThat(Role.ADMIN.atLeast(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.atLeast(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.atLeast(Role.ADMIN)).isFalse();
        assertThat(Role.VIEWER.atLeast(Role.OPERATOR)).isFalse();
    }
}
