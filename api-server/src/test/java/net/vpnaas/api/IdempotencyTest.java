package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.PeerSpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

class IdempotencyTest extends ApiTestBase {
    @Autowired JsonMapper mapper;

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

    /**
     * A request may carry a PSK: its stored fingerprint is an HMAC under a key derived from the
     * master key, not a plain SHA-256 anyone reading the table could test PSK guesses against.
     */
    @Test
    void theStoredFingerprintIsKeyedByTheMasterKey() throws Exception {
        TenantFixture t = newTenant("customer");
        var body = peerBody("fingerprinted");
        assertThat(t.admin().post("/v1/peers", body, "Idempotency-Key", "fp-1").status()).isEqualTo(201);
        byte[] stored = jdbc.queryForObject("select request_fingerprint from idempotency_record where tenant_id = ? "
                + "and idempotency_key = 'fp-1'", byte[].class, UUID.fromString(t.id()));

        // what is fingerprinted: the path and the request as parsed, in canonical JSON
        byte[] canonical = mapper.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build()
                .writeValueAsBytes(mapper.readValue(mapper.writeValueAsBytes(body), PeerSpec.class));
        byte[] line = "POST /v1/peers\n".getBytes(StandardCharsets.UTF_8);
        byte[] request = ByteBuffer.allocate(line.length + canonical.length).put(line).put(canonical).array();
        assertThat(stored).isNotEqualTo(MessageDigest.getInstance("SHA-256").digest(request));
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(KDF.getInstance("HKDF-SHA256").deriveData(HKDFParameterSpec.ofExtract()
                .addIKM(Base64.getDecoder().decode(MASTER_KEY))
                .thenExpand("vpnaas idempotency request fingerprint".getBytes(StandardCharsets.UTF_8), 32)), "HmacSHA256"));
        assertThat(stored).isEqualTo(hmac.doFinal(request));
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
