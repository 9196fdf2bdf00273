package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.OpenApiContract;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The server and openapi/vpn-api.yaml agree: the same operations exist on both sides, and every
 * operation answers with a status (and body schema) the contract declares. Every other test checks
 * each response it receives against the contract through ApiClient.
 */
class OpenApiContractTest extends ApiTestBase {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void contractIsOpenApi31() {
        assertThat(OpenApiContract.get().version()).isEqualTo("3.1.0");
    }

    @Test
    void serverServesExactlyTheOperationsOfTheContract() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/v1/")) {
                    info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + pattern));
                }
            }
        });
        assertThat(served).isEqualTo(new TreeSet<>(OpenApiContract.get().methodAndPathTemplates()));
    }

    @Test
    void everyContractOperationIsServedWithADeclaredStatus() {
        TenantFixture t = newTenant("msp");
        for (OpenApiContract.Operation op : OpenApiContract.get().operations()) {
            String path = op.pathTemplate().replace("{id}", UUID.randomUUID().toString());
            Object body = switch (op.method()) {
                case "POST", "PUT", "PATCH" -> "{}";
                default -> null;
            };
            String[] headers = op.method().equals("PATCH")
                    ? new String[] {"Content-Type", "application/merge-patch+json"} : new String[0];
            // ApiClient fails the test if the status or body is not declared for this operation
            HttpResult result = t.admin().send(op.method(), path, body, headers);
            assertThat(result.status()).as(op.method() + " " + op.pathTemplate()).isNotIn(405, 500);
            // /v1/users/me/... and /v1/sessions/current name the signed-in user and session: an API key has neither
            boolean namesTheCaller = op.pathTemplate().contains("/me/") || op.pathTemplate().endsWith("/current");
            if (op.pathTemplate().contains("{id}") || namesTheCaller) {
                assertThat(result.status()).as(op.method() + " " + path + " names no resource").isEqualTo(404);
                assertThat(result.json().get("detail").asText()).startsWith("no such");
            } else if (op.method().equals("GET")) {
                assertThat(result.status()).isEqualTo(200);
            } else {
                assertThat(result.status()).as(op.method() + " " + op.pathTemplate() + " with {}").isEqualTo(422);
            }
        }
    }

    @Test
    void undeclaredStatusOrFieldFailsTheCheck() {
        var contract = OpenApiContract.get();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                contract.check("GET", "/v1/gateways", 418, "application/json", "{\"items\":[]}"))
                .hasMessageContaining("does not declare status 418");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                contract.check("GET", "/v1/gateways", 200, "application/json", "{\"items\":[],\"extra\":1}"))
                .hasMessageContaining("does not match the contract");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                contract.check("POST", "/v1/audit-events", 201, "application/json", "{}"))
                .hasMessageContaining("no operation");
    }
}
