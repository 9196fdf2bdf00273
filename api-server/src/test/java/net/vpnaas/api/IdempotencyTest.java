package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.Test;

class IdempotencyTest extends ApiTestBase {

    private long gatewaysOf(String tenantId) {
        return jdbc.queryForObject("select count(*) from gateway where tenant_id = ?", Long.class, UUID.fromString(tenantId));
    }

    @Test
    void retryReturnsTheFirstResponseAndCreatesNothing() {
        TenantFixture t = newTenant("customer");
        var body = gatewayBody("idem-gw");
        HttpResult first = t.admin().post("/v1/gateways", body, "Idempotency-Key", "create-gw-1");
        HttpResult retry = t.admin().post("/v1/gateways", body, "Idempotency-Key", "create-gw-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.etag()).isEqualTo(first.etag());
        assertThat(retry.header("Idempotency-Key-Replayed")).isEqualTo("true");
        assertThat(gatewaysOf(t.id())).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where resource_id = ?", Long.class,
                UUID.fromString(first.id()))).as("one audit event").isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        TenantFixture t = newTenant("customer");
        assertThat(t.admin().post("/v1/gateways", gatewayBody("a"), "Idempotency-Key", "k-1").status()).isEqualTo(201);
        HttpResult other = t.admin().post("/v1/gateways", gatewayBody("b"), "Idempotency-Key", "k-1");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.problemType()).isEqualTo("https://vpnaas.net/problems/idempotency-key-reused");
        HttpResult otherPath = t.admin().post("/v1/tenants", body("name", "a"), "Idempotency-Key", "k-1");
        assertThat(otherPath.status()).as("same key on another endpoint").isEqualTo(422);
        assertThat(gatewaysOf(t.id())).isEqualTo(1);
    }

    @Test
    void withoutKeyEveryPostCreatesAndKeysAreScopedPerTenant() {
        TenantFixture t = newTenant("customer");
        TenantFixture u = newTenant("customer");
        assertThat(t.admin().post("/v1/gateways", gatewayBody("n1")).status()).isEqualTo(201);
        assertThat(t.admin().post("/v1/gateways", gatewayBody("n1")).status()).as("duplicate name").isEqualTo(409);
        assertThat(t.admin().post("/v1/gateways", gatewayBody("n2"), "Idempotency-Key", "shared").status()).isEqualTo(201);
        assertThat(u.admin().post("/v1/gateways", gatewayBody("n2"), "Idempotency-Key", "shared").status())
                .as("the same key in another tenant is another request").isEqualTo(201);
        assertThat(gatewaysOf(t.id())).isEqualTo(2);
        assertThat(gatewaysOf(u.id())).isEqualTo(1);
    }

    @Test
    void aFailedRequestDoesNotBurnTheKey() {
        TenantFixture t = newTenant("customer");
        var bad = with(gatewayBody("x"), "publicAddresses", List.of("nope"));
        assertThat(t.admin().post("/v1/gateways", bad, "Idempotency-Key", "retry-me").status()).isEqualTo(422);
        assertThat(t.admin().post("/v1/gateways", gatewayBody("x"), "Idempotency-Key", "retry-me").status()).isEqualTo(201);
    }

    @Test
    void replayedPeerCarriesTheSameGeneratedPskAndCreatesOnePeer() {
        TenantFixture t = newTenant("customer");
        var body = body("name", "gen", "address", "192.0.2.77", "ikeIdentity", "192.0.2.77", "auth", body("type", "psk"));
        HttpResult first = t.admin().post("/v1/peers", body, "Idempotency-Key", "peer-1");
        HttpResult retry = t.admin().post("/v1/peers", body, "Idempotency-Key", "peer-1");
        assertThat(retry.json().get("generatedPsk").asText()).isEqualTo(first.json().get("generatedPsk").asText());
        String psk = first.json().get("generatedPsk").asText();
        assertThat(jdbc.queryForObject("select count(*) from idempotency_record where encode(response_body, 'escape') like ?",
                Long.class, "%" + psk + "%")).as("stored responses are encrypted").isZero();
        assertThat(jdbc.queryForObject("select count(*) from peer where tenant_id = ?", Long.class, UUID.fromString(t.id())))
                .isEqualTo(1);
    }

    @Test
    void concurrentRetriesCreateExactlyOne() throws Exception {
        TenantFixture t = newTenant("customer");
        var body = gatewayBody("raced");
        List<Callable<HttpResult>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> t.admin().post("/v1/gateways", body, "Idempotency-Key", "race"));
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<String> ids = new ArrayList<>();
            for (Future<HttpResult> f : pool.invokeAll(calls)) {
                assertThat(f.get().status()).isEqualTo(201);
                ids.add(f.get().id());
            }
            assertThat(ids).containsOnly(ids.getFirst());
        }
        assertThat(gatewaysOf(t.id())).isEqualTo(1);
    }
}
