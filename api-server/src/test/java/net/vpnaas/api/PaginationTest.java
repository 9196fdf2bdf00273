package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.Test;

class PaginationTest extends ApiTestBase {

    private static List<String> ids(HttpResult page) {
        return page.json().get("items").findValuesAsText("id");
    }

    @Test
    void cursorWalksEveryItemOnceInCreationOrder() {
        ApiClient api = newTenant("customer").admin();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(created(api.post("/v1/gateways", gatewayBody("page-" + i))));
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            HttpResult page = api.get("/v1/gateways?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            sizes.add(page.json().get("items").size());
            seen.addAll(ids(page));
            cursor = page.json().has("nextCursor") ? page.json().get("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(ids(api.get("/v1/gateways"))).as("default limit holds all 7").containsExactlyElementsOf(created);
    }

    @Test
    void exactMultipleEndsWithoutACursorAndLimitIsBounded() {
        ApiClient api = newTenant("customer").admin();
        for (int i = 0; i < 4; i++) {
            created(api.post("/v1/peers", peerBody("p" + i)));
        }
        HttpResult first = api.get("/v1/peers?limit=2");
        HttpResult second = api.get("/v1/peers?limit=2&cursor=" + first.json().get("nextCursor").asText());
        assertThat(ids(second)).hasSize(2).doesNotContainAnyElementsOf(ids(first));
        assertThat(second.json().has("nextCursor")).isFalse();
        assertThat(api.get("/v1/peers?limit=200").status()).isEqualTo(200);
        assertThat(api.get("/v1/peers?limit=201").status()).isEqualTo(400);
        HttpResult foreign = api.get("/v1/gateways?cursor=" + first.json().get("nextCursor").asText());
        assertThat(foreign.status()).as("a peer cursor is no gateway cursor").isEqualTo(400);
        assertThat(foreign.errorFields()).containsExactly("cursor");
    }

    @Test
    void filtersByNameAndLabels() {
        ApiClient api = newTenant("customer").admin();
        String prod = created(api.post("/v1/gateways", with(gatewayBody("edge-1"), "labels", Map.of("env", "prod", "site", "fra"))));
        created(api.post("/v1/gateways", with(gatewayBody("edge-2"), "labels", Map.of("env", "dev", "site", "fra"))));
        String ams = created(api.post("/v1/gateways", with(gatewayBody("edge-3"), "labels", Map.of("env", "prod", "site", "ams"))));
        assertThat(ids(api.get("/v1/gateways?name=edge-3"))).containsExactly(ams);
        assertThat(ids(api.get("/v1/gateways?label=env:prod"))).containsExactly(prod, ams);
        assertThat(ids(api.get("/v1/gateways?label=env:prod&label=site:fra"))).containsExactly(prod);
        assertThat(ids(api.get("/v1/gateways?label=env:test"))).isEmpty();
        assertThat(ids(api.get("/v1/gateways?name=edge-2&label=env:prod"))).isEmpty();
    }

    @Test
    void auditEventsPaginateToo() {
        ApiClient api = newTenant("customer").admin();
        for (int i = 0; i < 3; i++) {
            created(api.post("/v1/crypto-policies", policyBody("pol-" + i)));
        }
        HttpResult page = api.get("/v1/audit-events?limit=2&resourceType=crypto_policy");
        assertThat(ids(page)).hasSize(2);
        HttpResult rest = api.get("/v1/audit-events?limit=2&resourceType=crypto_policy&cursor=" + page.json().get("nextCursor").asText());
        assertThat(ids(rest)).hasSize(1);
    }
}
