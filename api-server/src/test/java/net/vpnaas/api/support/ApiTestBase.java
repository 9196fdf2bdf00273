package net.vpnaas.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One Spring context (and one embedded PostgreSQL) for every API test class: they all extend this
 * class with the same configuration, so the context cache hands them the same server. Tests do
 * not clean up; each works in tenants of its own, created through the API from the bootstrap key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "vpnaas.bootstrap.admin-key=" + ApiTestBase.BOOTSTRAP_KEY,
        "vpnaas.secrets.master-key=" + ApiTestBase.MASTER_KEY})
public abstract class ApiTestBase {
    public static final String BOOTSTRAP_KEY = "vpk_0000000000007000800000000000b007_bootstrapbootstrapbootstrapbootstrapbootstr";
    public static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public static final List<String> TABLES = List.of(
            "tenant", "api_key", "gateway", "peer", "crypto_policy", "tunnel", "audit_event", "idempotency_record",
            "enrollment_token", "users", "user_session", "remote_access_endpoint");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @LocalServerPort
    protected int port;

    /** Health and metrics (loopback, no API key). */
    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected JdbcTemplate jdbc;

    /** An API tenant with an admin key; {@code admin} acts with that key. */
    public record TenantFixture(String id, String adminKey, ApiClient admin) {}

    /** One of each tenant-owned resource, wired into a tunnel. */
    public record Resources(String gatewayId, String peerId, String policyId, String tunnelId) {}

    protected ApiClient root() {
        return as(BOOTSTRAP_KEY);
    }

    /** The management port's actuator endpoints, outside the API contract. */
    protected ApiClient management() {
        return new ApiClient(managementPort, null).unchecked();
    }

    /** A client acting with {@code apiKey} (null: none); a server configured otherwise (TLS) overrides how it connects. */
    protected ApiClient as(String apiKey) {
        return new ApiClient(port, apiKey);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    /** A new child of the root tenant. */
    protected TenantFixture newTenant(String kind) {
        return newChild(new TenantFixture(null, BOOTSTRAP_KEY, root()), kind);
    }

    /** A new child of {@code parent} (which must be an MSP), with an admin key of its own. */
    protected TenantFixture newChild(TenantFixture parent, String kind) {
        HttpResult tenant = parent.admin().post("/v1/tenants", body("name", unique("t"), "kind", kind));
        assertThat(tenant.status()).as(tenant.body()).isEqualTo(201);
        String id = tenant.id();
        String key = createKey(parent.admin().onTenant(id), "admin");
        return new TenantFixture(id, key, as(key));
    }

    /** Creates a key with {@code role} in the tenant {@code admin} acts on; returns the bearer token. */
    protected String createKey(ApiClient admin, String role) {
        HttpResult key = admin.post("/v1/api-keys", body("name", unique("key"), "role", role));
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        return key.json().get("secret").asText();
    }

    protected Resources createResources(ApiClient client) {
        String gateway = created(client.post("/v1/gateways", gatewayBody(unique("gw"))));
        String peer = created(client.post("/v1/peers", peerBody(unique("peer"))));
        String policy = created(client.post("/v1/crypto-policies", policyBody(unique("pol"))));
        String tunnel = created(client.post("/v1/tunnels", tunnelBody(unique("tun"), gateway, peer, policy)));
        return new Resources(gateway, peer, policy, tunnel);
    }

    protected static String created(HttpResult result) {
        assertThat(result.status()).as(result.body()).isEqualTo(201);
        return result.id();
    }

    protected static Map<String, Object> gatewayBody(String name) {
        return body("name", name, "labels", Map.of("env", "test"), "publicAddresses", List.of("192.0.2.10", "2001:db8::10"));
    }

    protected static Map<String, Object> peerBody(String name) {
        return body("name", name, "address", "198.51.100.20", "ikeIdentity", "branch.example.com",
                "auth", body("type", "psk", "psk", "correct horse battery staple"));
    }

    protected static Map<String, Object> policyBody(String name) {
        return body("name", name,
                "ikeProposals", List.of("aes256gcm16-prfsha384-x25519", "aes128-sha256-modp2048"),
                "espProposals", List.of("aes256gcm16", "chacha20poly1305"),
                "ikeLifetimeSeconds", 28800, "childLifetimeSeconds", 3600, "rekeyMarginSeconds", 300,
                "rekeyFuzzPercent", 50, "dpd", body("intervalSeconds", 20, "timeoutSeconds", 60, "action", "restart"),
                "replayWindow", 64, "esn", true, "pfsGroup", "x25519", "startAction", "initiate",
                "encapsulation", "auto");
    }

    protected static Map<String, Object> tunnelBody(String name, String gateway, String peer, String policy) {
        return body("name", name, "gatewayId", gateway, "peerId", peer, "policyId", policy,
                "localTrafficSelectors", List.of("10.1.0.0/16", "2001:db8:1::/48"),
                "remoteTrafficSelectors", List.of("10.2.0.0/16", "10.3.0.0/24", "2001:db8:2::/48"));
    }

    /** A JSON object from name/value pairs, in order. */
    public static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Copy of {@code base} with some fields replaced (a null value removes the field). */
    public static Map<String, Object> with(Map<String, Object> base, Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                m.remove((String) pairs[i]);
            } else {
                m.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }

    /** The row count of every table in {@link #TABLES}, read in one statement (one snapshot). */
    protected Map<String, Long> rowCounts() {
        String sql = "select " + String.join(", ", TABLES.stream().map(t -> "(select count(*) from " + t + ")").toList());
        return jdbc.query(sql, rs -> {
            rs.next();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 0; i < TABLES.size(); i++) {
                counts.put(TABLES.get(i), rs.getLong(i + 1));
            }
            return counts;
        });
    }
}
