package net.vpnaas.api.remoteaccess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.agent.SnapshotBuilder;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.RadiusServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Remote-access endpoints through the REST API on embedded PostgreSQL: the RADIUS secrets are
 * write-only (never in a response or the audit log, encrypted in the row, kept when an update names
 * the server without one) and reach the gateway's snapshot with the endpoint and its policy; refusals
 * are problem+json naming the field and change nothing; another tenant gets 404, a viewer reads only;
 * lists page like the others; a gateway or policy in use cannot be deleted.
 */
class RemoteAccessEndpointApiTest extends ApiTestBase {
    private static final String PATH = "/v1/remote-access-endpoints";
    private static final String SECRET_1 = "radius-secret-number-one";
    private static final String SECRET_2 = "radius-secret-number-two";

    @Autowired SnapshotBuilder snapshots;
    @Autowired RemoteAccessSessionStore sessionStore;

    private record Setup(ApiClient api, String gateway, String policy) {}

    private Setup setup() {
        ApiClient api = newTenant("customer").admin();
        return new Setup(api, created(api.post("/v1/gateways", gatewayBody(unique("gw")))),
                created(api.post("/v1/crypto-policies", policyBody(unique("pol")))));
    }

    private static Map<String, Object> endpointBody(String name, Setup s) {
        return body("name", name, "gatewayId", s.gateway(), "policyId", s.policy(), "addressPools", List.of("10.99.0.0/24", "fd00:99::/120"),
                "dnsServers", List.of("10.1.0.53"), "allowedNetworks", List.of("10.1.0.0/16"), "eapOnly", true,
                "radiusServers", List.of(body("address", "10.1.0.5", "secret", SECRET_1)));
    }

    private GatewaySnapshot snapshot(String gateway) {
        return snapshots.current(UUID.fromString(gateway)).orElseThrow();
    }

    @Test
    void anEndpointIsShownWithoutItsSecretsAndReachesItsGatewaysSnapshotWithThem() {
        Setup s = setup();
        long revision = s.api().get("/v1/gateways/" + s.gateway()).json().get("configRevision").asLong();
        String name = unique("staff");
        HttpResult created = s.api().post(PATH, endpointBody(name, s));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo(PATH + "/" + created.id());
        assertThat(created.json().get("radiusServers").toString()).isEqualTo("[{\"address\":\"10.1.0.5\",\"port\":1812}]");
        assertThat(created.json().get("dnsServers").toString()).isEqualTo("[\"10.1.0.53\"]");
        assertThat(created.body()).doesNotContain(SECRET_1).doesNotContain("secret");
        assertThat(s.api().get(PATH + "/" + created.id()).body()).doesNotContain(SECRET_1);
        assertThat(jdbc.queryForObject("select changes::text from audit_event where resource_id = ? and action = 'remote_access_endpoint.create'",
                String.class, UUID.fromString(created.id()))).contains(name).doesNotContain(SECRET_1);
        byte[] stored = jdbc.queryForObject("select radius_secrets_ciphertext from remote_access_endpoint where id = ?", byte[].class,
                UUID.fromString(created.id()));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET_1);
        assertThat(s.api().get("/v1/gateways/" + s.gateway()).json().get("configRevision").asLong()).isGreaterThan(revision);

        GatewaySnapshot snapshot = snapshot(s.gateway());
        assertThat(snapshot.getRemoteAccessEndpointsCount()).isEqualTo(1);
        var e = snapshot.getRemoteAccessEndpoints(0);
        assertThat(e.getId()).isEqualTo(created.id());
        assertThat(e.getName()).isEqualTo(name);
        assertThat(e.getAddressPoolsList()).containsExactly("10.99.0.0/24", "fd00:99::/120");
        assertThat(e.getRadiusServersList()).containsExactly(RadiusServer.newBuilder().setAddress("10.1.0.5").setPort(1812).setSecret(SECRET_1).build());
        assertThat(e.getEapOnly()).isTrue();
        assertThat(snapshot.getPoliciesList()).as("the endpoint's policy, though no tunnel uses it").hasSize(1);
        assertThat(snapshot.getPolicies(0).getName()).isEqualTo(e.getCryptoPolicy());

        // Named again without a secret: the stored one stays; a second server needs its own.
        HttpResult patched = s.api().patch(PATH + "/" + created.id(), body("dnsServers", List.of("10.1.0.54"),
                "radiusServers", List.of(body("address", "10.1.0.5"), body("address", "10.1.0.6", "port", 1645, "secret", SECRET_2))),
                "If-Match", created.etag(), "Content-Type", "application/merge-patch+json");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.body()).doesNotContain(SECRET_2);
        assertThat(snapshot(s.gateway()).getRemoteAccessEndpoints(0).getRadiusServersList()).extracting(RadiusServer::getSecret)
                .containsExactly(SECRET_1, SECRET_2);
        assertThat(jdbc.queryForObject("select changes::text from audit_event where resource_id = ? and action = 'remote_access_endpoint.update'",
                String.class, UUID.fromString(created.id()))).contains("radiusServers.secret").doesNotContain(SECRET_2);
        HttpResult newServer = s.api().put(PATH + "/" + created.id(), with(endpointBody(name, s), "radiusServers",
                List.of(body("address", "10.1.0.7"))), "If-Match", patched.etag());
        assertThat(newServer.status()).as("a server not stored yet has no secret to keep").isEqualTo(422);
        assertThat(newServer.errorFields()).containsExactly("radiusServers[0].secret");

        // In use: neither the gateway nor the policy can go; the endpoint can, and leaves the snapshot.
        assertThat(s.api().delete("/v1/gateways/" + s.gateway()).status()).isEqualTo(409);
        assertThat(s.api().delete("/v1/crypto-policies/" + s.policy()).status()).isEqualTo(409);
        assertThat(s.api().delete(PATH + "/" + created.id()).status()).isEqualTo(204);
        assertThat(snapshot(s.gateway()).getRemoteAccessEndpointsCount()).isZero();
        assertThat(snapshot(s.gateway()).getPoliciesCount()).isZero();
    }

    @Test
    void refusalsNameTheFieldAndChangeNothing() {
        Setup s = setup();
        Setup other = setup();
        String tunnel = unique("tun");
        String peer = created(s.api().post("/v1/peers", peerBody(unique("p"))));
        created(s.api().post("/v1/tunnels", tunnelBody(tunnel, s.gateway(), peer, s.policy())));
        var before = rowCounts();
        for (var c : List.of(
                Map.entry(with(endpointBody(unique("e"), s), "addressPools", List.of("10.99.0.1/24")), "addressPools[0]"),
                Map.entry(with(endpointBody(unique("e"), s), "addressPools", List.of("10.99.0.0/24", "10.98.0.0/24")), "addressPools[1]"),
                Map.entry(with(endpointBody(unique("e"), s), "dnsServers", List.of("dns.example.com")), "dnsServers[0]"),
                Map.entry(with(endpointBody(unique("e"), s), "allowedNetworks", List.of()), "allowedNetworks"),
                Map.entry(with(endpointBody(unique("e"), s), "radiusServers", List.of(body("address", "10.1.0.5"))), "radiusServers[0].secret"),
                Map.entry(with(endpointBody(unique("e"), s), "radiusServers", List.of(body("address", "10.1.0.5", "secret", "short"))),
                        "radiusServers[0].secret"),
                Map.entry(with(endpointBody(unique("e"), s), "radiusServers", List.of(body("address", "radius.example.com", "secret", SECRET_1))),
                        "radiusServers[0].address"),
                Map.entry(with(endpointBody(unique("e"), s), "eapOnly", false), "eapOnly"),
                Map.entry(with(endpointBody(unique("e"), s), "gatewayId", other.gateway()), "gatewayId"),
                Map.entry(with(endpointBody(unique("e"), s), "policyId", other.policy()), "policyId"),
                Map.entry(endpointBody(tunnel, s), "name"),
                Map.entry(with(endpointBody(unique("e"), s), "cryptoPolicy", "modern"), "cryptoPolicy"))) {
            HttpResult r = s.api().post(PATH, c.getKey());
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.errorFields()).as(r.body()).contains(c.getValue());
        }
        assertThat(rowCounts()).isEqualTo(before);

        // Nor the other way round: a tunnel named as an endpoint.
        String endpoint = unique("e");
        created(s.api().post(PATH, endpointBody(endpoint, s)));
        HttpResult sameName = s.api().post("/v1/tunnels", tunnelBody(endpoint, s.gateway(), peer, s.policy()));
        assertThat(sameName.status()).as(sameName.body()).isEqualTo(422);
        assertThat(sameName.errorFields()).containsExactly("name");

        // With a gateway certificate, clients that do not ask for EAP-only authenticate the gateway by it.
        assertThat(s.api().put("/v1/gateways/" + s.gateway() + "/certificate", body("source", "tenant-ca")).status()).isEqualTo(201);
        HttpResult withCertificate = s.api().post(PATH, with(endpointBody(unique("e"), s), "eapOnly", false));
        assertThat(withCertificate.status()).as(withCertificate.body()).isEqualTo(201);
    }

    @Test
    void anotherTenantSeesNothingAViewerReadsOnlyAndListsPage() {
        Setup s = setup();
        String first = created(s.api().post(PATH, endpointBody(unique("a"), s)));
        String secondName = unique("b");
        String second = created(s.api().post(PATH, endpointBody(secondName, s)));
        HttpResult again = s.api().post(PATH, endpointBody(secondName, s));
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.errorFields()).containsExactly("name");

        ApiClient stranger = newTenant("customer").admin();
        assertThat(stranger.get(PATH + "/" + first).status()).isEqualTo(404);
        assertThat(stranger.delete(PATH + "/" + first).status()).isEqualTo(404);
        assertThat(stranger.get(PATH).json().get("items")).isEmpty();

        ApiClient viewer = as(createKey(s.api(), "viewer"));
        assertThat(viewer.get(PATH + "/" + first).status()).isEqualTo(200);
        HttpResult refused = viewer.post(PATH, endpointBody(unique("c"), s));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(viewer.delete(PATH + "/" + first).status()).isEqualTo(403);

        HttpResult page = s.api().get(PATH + "?limit=1");
        assertThat(page.json().get("items")).hasSize(1);
        String cursor = page.json().get("nextCursor").asText();
        HttpResult next = s.api().get(PATH + "?limit=1&cursor=" + cursor);
        assertThat(List.of(page.json().get("items").get(0).get("id").asText(), next.json().get("items").get(0).get("id").asText()))
                .containsExactlyInAnyOrder(first, second);
    }

    private static net.vpnaas.model.agent.v1.RemoteAccessSession session(String endpoint, String id, String virtualIp) {
        return net.vpnaas.model.agent.v1.RemoteAccessSession.newBuilder().setEndpointId(endpoint).setSessionId(id)
                .setIdentity("alice@example.com").setVirtualIp(virtualIp).setOuterAddress("198.51.100.7:4500")
                .setSinceEpochMillis(1_700_000_000_000L).setBytesIn(10).setBytesOut(20).build();
    }

    /**
     * Sessions as agents report them (stored as the agent service stores a report) are listed under their
     * endpoint, never under another gateway's; a disconnect reaches the gateway's snapshot, bumps its
     * revision, and is gone once no agent reports the session.
     */
    @Test
    void sessionsAreListedAsReportedAndADisconnectGoesToTheGatewaysAgents() {
        Setup s = setup();
        String endpoint = created(s.api().post(PATH, endpointBody(unique("e"), s)));
        Setup other = setup();
        String a = "00000000000000010000000000000002";
        String b = "00000000000000030000000000000004";
        sessionStore.replace(UUID.fromString(s.gateway()), "agent-1", List.of(session(endpoint, a, "10.99.0.1"), session(endpoint, b, "10.99.0.2")));
        sessionStore.replace(UUID.fromString(other.gateway()), "agent-x", List.of(session(endpoint, "ff", "10.99.0.9")));
        String path = PATH + "/" + endpoint + "/sessions";
        HttpResult listed = s.api().get(path);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("items")).extracting(n -> n.get("virtualIp").asText()).containsExactly("10.99.0.1", "10.99.0.2");
        assertThat(listed.json().get("items").get(0).get("agent").asText()).isEqualTo("agent-1");

        ApiClient viewer = as(createKey(s.api(), "viewer"));
        assertThat(viewer.get(path).status()).isEqualTo(200);
        assertThat(viewer.post(PATH + "/" + endpoint + "/disconnect", body("sessionId", a)).status()).isEqualTo(403);
        assertThat(other.api().get(path).status()).isEqualTo(404);
        assertThat(other.api().post(PATH + "/" + endpoint + "/disconnect", body("sessionId", a)).status()).isEqualTo(404);
        assertThat(s.api().post(PATH + "/" + endpoint + "/disconnect", body("sessionId", "ff")).status()).isEqualTo(404);

        long revision = s.api().get("/v1/gateways/" + s.gateway()).json().get("configRevision").asLong();
        assertThat(s.api().post(PATH + "/" + endpoint + "/disconnect", body("sessionId", a)).status()).isEqualTo(202);
        assertThat(s.api().get("/v1/gateways/" + s.gateway()).json().get("configRevision").asLong()).isGreaterThan(revision);
        assertThat(snapshot(s.gateway()).getSessionDisconnectsList()).extracting(d -> d.getEndpointId() + "/" + d.getSessionId())
                .containsExactly(endpoint + "/" + a);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where resource_id = ? and action = 'remote_access_endpoint.disconnect_session'",
                Long.class, UUID.fromString(endpoint))).isEqualTo(1);
        assertThat(snapshot(other.gateway()).getSessionDisconnectsCount()).isZero();

        // The agent's next report still has it (the Delete is under way), then no longer.
        sessionStore.replace(UUID.fromString(s.gateway()), "agent-1", List.of(session(endpoint, a, "10.99.0.1"), session(endpoint, b, "10.99.0.2")));
        assertThat(snapshot(s.gateway()).getSessionDisconnectsCount()).isEqualTo(1);
        sessionStore.replace(UUID.fromString(s.gateway()), "agent-1", List.of(session(endpoint, b, "10.99.0.2")));
        assertThat(snapshot(s.gateway()).getSessionDisconnectsCount()).isZero();
        assertThat(s.api().get(path).json().get("items")).hasSize(1);
    }
}
