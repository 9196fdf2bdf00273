package net.vpnaas.api.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import net.vpnaas.api.agent.AgentStatusStore;
import net.vpnaas.api.agent.telemetry.TelemetryWriter;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.Browser;
import net.vpnaas.api.support.PortalUsers;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A benchmark, not a test (bin/bench-portal; its name keeps it out of the test run): the time from
 * navigation to the overview's first full render (status counts and the troubled tunnels with their
 * reasons) for a tenant with TUNNELS tunnels (default 1,000; 5% failing authentication), cold (empty
 * browser cache) and warm (median of five), and the bytes the browser downloads for it: the portal's
 * files and the API's answers, as the browser's Resource Timing reports them.
 */
class PortalRenderBench extends ApiTestBase {
    private static final int TUNNELS = Integer.getInteger("tunnels", 1000);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    @Autowired
    private AgentStatusStore agents;
    @Autowired
    private TelemetryWriter telemetry;

    @Test
    void overviewWithManyTunnels() throws Exception {
        TenantFixture tenant = newTenant("customer");
        Resources first = createResources(tenant.admin());
        List<String> tunnels = createTunnels(tenant, first);
        reportStatuses(UUID.fromString(first.gatewayId()), tunnels);

        try (Browser browser = Browser.open("http://localhost:" + port)) {
            String email = unique("bench") + "@example.com";
            new PortalUsers(port).createUser(tenant.admin(), email, "admin");
            browser.signIn(email, PortalUsers.PASSWORD);
            browser.waitFor(By.cssSelector(".who"));
            double cold = render(browser);
            Map<String, Object> bytes = downloaded(browser);
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                warm.add(render(browser));
            }
            warm.sort(null);
            System.out.printf("portal-bench: overview with %d tunnels: first render %.0f ms cold, %.0f ms warm (median of 5: %s)%n",
                    TUNNELS, cold, warm.get(2), warm.stream().map(ms -> "%.0f".formatted(ms)).toList());
            System.out.printf("portal-bench: downloaded on a cold load: portal files %s bytes (%s on the wire), API answers %s bytes"
                    + " (%s requests)%n", bytes.get("portalBody"), bytes.get("portalWire"), bytes.get("apiBody"), bytes.get("apiRequests"));
        }
    }

    /** Milliseconds from navigation until the counts show every tunnel and the troubled ones have their reasons. */
    private double render(Browser browser) {
        browser.go("/");
        browser.waiting(Duration.ofMillis(5)).until(d -> d.findElements(By.cssSelector(".trouble .reason")).stream()
                .anyMatch(e -> e.getText().contains("PSK"))
                && d.findElements(By.cssSelector(".status-counts strong")).stream().mapToInt(e -> Integer.parseInt(e.getText())).sum()
                == TUNNELS);
        return ((Number) browser.driver.executeScript("return performance.now()")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> downloaded(Browser browser) {
        return (Map<String, Object>) browser.driver.executeScript("""
                const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
                const api = entries.filter(e => new URL(e.name).pathname.startsWith('/v1/'));
                const portal = entries.filter(e => !new URL(e.name).pathname.startsWith('/v1/'));
                const sum = (list, key) => list.reduce((n, e) => n + e[key], 0);
                return {portalBody: sum(portal, 'decodedBodySize'), portalWire: sum(portal, 'transferSize'),
                        apiBody: sum(api, 'decodedBodySize'), apiRequests: api.length};""");
    }

    /** TUNNELS - 1 more tunnels on the first one's gateway, peer and policy, created through the API 8 at a time. */
    private List<String> createTunnels(TenantFixture tenant, Resources first) throws Exception {
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = IntStream.range(1, TUNNELS).mapToObj(i -> pool.submit(() -> {
                String body = """
                        {"name":"t%d","gatewayId":"%s","peerId":"%s","policyId":"%s",
                         "localTrafficSelectors":["10.%d.%d.0/24"],"remoteTrafficSelectors":["172.16.%d.%d/32"]}"""
                        .formatted(i, first.gatewayId(), first.peerId(), first.policyId(), 100 + i / 256, i % 256, i / 256, i % 256);
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/tunnels"))
                        .header("Authorization", "Bearer " + tenant.adminKey()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                return JSON.readTree(r.body()).get("id").asText();
            })).toList();
            List<String> ids = new ArrayList<>();
            for (var f : futures) {
                ids.add(f.get());
            }
            return ids;
        }
    }

    /** Every tunnel up but one in twenty, which fails authentication with a reason. */
    private void reportStatuses(UUID gateway, List<String> tunnels) {
        agents.connected(gateway, "bench-agent", 0);
        var batch = TelemetryBatch.newBuilder();
        for (int i = 0; i < tunnels.size(); i++) {
            boolean failing = i % 20 == 0;
            batch.addEvents(SaEvent.newBuilder().setTunnelId(tunnels.get(i))
                    .setKind(failing ? SaEventKind.AUTHENTICATION_FAILED : SaEventKind.CHILD_UP)
                    .setReason(failing ? "the peer's PSK does not match" : "").setChildSpiIn(0x10000 + i).setChildSpiOut(0x20000 + i)
                    .setAtEpochMillis(System.currentTimeMillis()));
        }
        agents.telemetry(gateway, batch.build());
        telemetry.flush();
    }
}
