package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.List;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * What the API port answers outside the happy path: paths without a route, the container's error
 * page, over-long URLs, the headers on every kind of response, and the management port.
 */
class ApiHardeningTest extends ApiTestBase {

    private RawHttp.Response get(String target, String key) {
        return RawHttp.send(port, "GET", target, null, "Authorization", key == null ? null : "Bearer " + key);
    }

    private static void assertProblem(RawHttp.Response r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"type\":\"https://vpnaas.net/problems/" + type + "\"");
    }

    @Test
    void aPathWithoutARouteIs401WithoutAKeyAnd404WithOne() {
        for (String path : List.of("/v1/no-such-thing", "/v1/gateways/not/a/route", "/v1", "/V1/gateways/x")) {
            RawHttp.Response anonymous = get(path, null);
            assertProblem(anonymous, 401, "unauthenticated");
            assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertProblem(get(path, BOOTSTRAP_KEY), 404, "not-found");
        }
        // outside /v1 a GET is the browser portal's page (PortalFilter), never health, metrics or API docs;
        // any other method there is the API's (401 without a key)
        for (String path : List.of("/", "/nothing", "/actuator/health", "/actuator/prometheus", "/v3/api-docs")) {
            RawHttp.Response page = get(path, null);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("<div id=\"root\"></div>").doesNotContain("UP").doesNotContain("vpnaas_agents");
            assertProblem(RawHttp.send(port, "POST", path, "{}", "Content-Type", "application/json"), 401, "unauthenticated");
        }
        assertProblem(RawHttp.send(port, "DELETE", "/v1/gateways", null), 401, "unauthenticated");
        assertProblem(RawHttp.send(port, "DELETE", "/v1/gateways", null, "Authorization", "Bearer " + BOOTSTRAP_KEY),
                405, "method-not-allowed");
    }

    @Test
    void aMatrixParameterNoLongerReachesAControllerUnauthenticated() {
        // before: 500 and a stack trace in the log for every such request, with no key at all
        assertProblem(get("/v1;x=1/gateways", null), 400, "malformed-request");
        assertProblem(get("/v1;x=1/gateways", BOOTSTRAP_KEY), 400, "malformed-request");
    }

    @Test
    void theErrorPathIsProblemJsonLikeAnyOther() {
        assertProblem(get("/error", null), 401, "unauthenticated");
        assertProblem(get("/error", BOOTSTRAP_KEY), 404, "not-found");
        assertProblem(RawHttp.send(port, "POST", "/error", "{}", "Authorization", "Bearer " + BOOTSTRAP_KEY,
                "Content-Type", "application/json"), 404, "not-found");
    }

    @Test
    void overLongUrlsAreProblemJson() {
        String ours = "/v1/gateways?name=" + "a".repeat(3000);
        assertProblem(get(ours, null), 414, "uri-too-long");
        assertProblem(get(ours, BOOTSTRAP_KEY), 414, "uri-too-long");
        // over Tomcat's own limit for the request head: refused before any filter runs
        RawHttp.Response tomcat = get("/v1/gateways?name=" + "a".repeat(20_000), BOOTSTRAP_KEY);
        assertProblem(tomcat, 400, "malformed-request");
        assertThat(tomcat.body()).doesNotContain("Tomcat").doesNotContain("<html");
    }

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() {
        String key = createKey(root(), "viewer");
        List<RawHttp.Response> responses = List.of(
                get("/v1/gateways", BOOTSTRAP_KEY),                                        // 200
                RawHttp.send(port, "POST", "/v1/api-keys", "{\"name\":\"" + unique("k") + "\",\"role\":\"viewer\"}",
                        "Authorization", "Bearer " + BOOTSTRAP_KEY, "Content-Type", "application/json"), // 201 with a secret
                get("/v1/gateways", null),                                                 // 401 from the filter
                RawHttp.send(port, "POST", "/v1/api-keys", "{}", "Authorization", "Bearer " + key,
                        "Content-Type", "application/json"),                               // 403 from the interceptor
                get("/v1/nothing", BOOTSTRAP_KEY),                                         // 404 from Spring MVC
                get("/v1//gateways", BOOTSTRAP_KEY),                                       // 400 from the path check
                get("/v1\\gateways", BOOTSTRAP_KEY),                                       // 400 from Tomcat itself
                get("/v1/gateways?name=" + "a".repeat(3000), BOOTSTRAP_KEY));              // 414
        assertThat(responses).extracting(RawHttp.Response::status).containsExactly(200, 201, 401, 403, 404, 400, 400, 414);
        for (RawHttp.Response r : responses) {
            assertThat(r.header("X-Content-Type-Options")).as(r.status() + " " + r.body()).isEqualTo("nosniff");
            assertThat(r.header("Cache-Control")).as(r.status() + " " + r.body()).isEqualTo("no-store");
            assertThat(r.header("Content-Security-Policy")).as(r.status() + " " + r.body())
                    .isEqualTo("default-src 'none'; frame-ancestors 'none'");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        }
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnLoopback() throws IOException {
        RawHttp.Response health = RawHttp.send(managementPort, "GET", "/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(health.header("X-Content-Type-Options")).isEqualTo("nosniff");
        RawHttp.Response metrics = RawHttp.send(managementPort, "GET", "/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("vpnaas_agents_connected");
        assertProblem(RawHttp.send(managementPort, "GET", "/v1/gateways", null, "Authorization", "Bearer " + BOOTSTRAP_KEY),
                404, "not-found");

        InetAddress external = NetworkInterface.networkInterfaces()
                .filter(i -> { try { return i.isUp() && !i.isLoopback(); } catch (IOException e) { return false; } })
                .flatMap(NetworkInterface::inetAddresses).filter(a -> !a.isLinkLocalAddress()).findFirst()
                .orElseThrow(() -> new AssertionError("this machine has no address but loopback to check against"));
        try (Socket api = new Socket()) {
            api.connect(new InetSocketAddress(external, port), 2000); // the API listens everywhere
        }
        assertThatThrownBy(() -> {
            try (Socket management = new Socket()) {
                management.connect(new InetSocketAddress(external, managementPort), 2000);
            }
        }).as("management port reachable on " + external).isInstanceOf(IOException.class);
    }
}
