package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Function;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.Test;

/**
 * Names are unique per tenant (child tenants: per MSP), enforced by the database's UNIQUE
 * constraints: a second create or a rename onto a used name is 409 naming the field, writes
 * nothing (no row, no audit event), and concurrent creates of one name leave exactly one.
 */
class DuplicateNameTest extends ApiTestBase {
    private static final String CONFLICT = "https://vpnaas.net/problems/conflict";

    private long rows(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private void assertNameConflict(HttpResult r) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.problemType()).isEqualTo(CONFLICT);
        assertThat(r.errorFields()).containsExactly("name");
        assertThat(r.body()).contains("with this name exists");
    }

    @Test
    void aSecondCreateOrARenameOntoAUsedNameIsRefusedForEveryResourceType() {
        TenantFixture t = newTenant("msp");
        ApiClient api = t.admin();
        Resources existing = createResources(api);
        Map<String, Function<String, Map<String, Object>>> bodies = Map.of(
                "/v1/gateways", ApiTestBase::gatewayBody,
                "/v1/peers", ApiTestBase::peerBody,
                "/v1/crypto-policies", ApiTestBase::policyBody,
                "/v1/tunnels", name -> tunnelBody(name, existing.gatewayId(), existing.peerId(), existing.policyId()),
                "/v1/tenants", name -> body("name", name, "kind", "customer"));
        bodies.forEach((path, body) -> {
            String first = created(api.post(path, body.apply("taken")));
            String second = created(api.post(path, body.apply("free")));
            String table = path.equals("/v1/crypto-policies") ? "crypto_policy" : path.substring(4, path.length() - 1);
            long before = rows(table);
            long audits = rows("audit_event");

            assertNameConflict(api.post(path, body.apply("taken")));
            assertNameConflict(api.patch(path + "/" + second, body("name", "taken")));

            assertThat(rows(table)).as(path).isEqualTo(before);
            assertThat(rows("audit_event")).as(path + ": nothing audited").isEqualTo(audits);
            assertThat(api.get(path + "/" + second).json().get("name").asText()).isEqualTo("free");
            assertThat(api.get(path + "/" + first).status()).isEqualTo(200);
        });
        // names are per tenant: another tenant may use the same one
        created(newTenant("customer").admin().post("/v1/gateways", gatewayBody("taken")));
    }

    @Test
    void concurrentCreatesOfOneNameLeaveExactlyOne() throws Exception {
        ApiClient api = newTenant("customer").admin();
        int clients = 8;
        CyclicBarrier start = new CyclicBarrier(clients);
        List<HttpResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                results.add(api.post("/v1/peers", peerBody("same")));
            }));
        }
        for (Thread t : threads) t.join();

        assertThat(results).hasSize(clients);
        assertThat(results).filteredOn(r -> r.status() == 201).hasSize(1);
        results.stream().filter(r -> r.status() != 201).forEach(this::assertNameConflict);
        assertThat(api.get("/v1/peers?name=same").json().get("items").size()).isEqualTo(1);
    }
}
