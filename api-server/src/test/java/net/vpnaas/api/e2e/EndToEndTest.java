package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.WAIT;
import static net.vpnaas.api.e2e.E2eSteps.agentRow;
import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.e2e.E2eSteps.created;
import static net.vpnaas.api.e2e.E2eSteps.securityAssociations;
import static net.vpnaas.api.e2e.E2eSteps.status;
import static net.vpnaas.api.e2e.E2eSteps.tunnelStatus;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.ike.interop.ChildSaStatus;
import net.vpnaas.ike.interop.IkeSaStatus;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Child;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import net.vpnaas.ike.interop.SwanctlConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole product, everything real: the api-server on embedded PostgreSQL (as in-JVM replicas that
 * can be stopped and started), our agent as a process in one network namespace, enrolled through
 * the REST API and connected over mTLS, and strongSwan in another namespace. Only REST calls drive it.
 *
 * <pre>
 *   test JVM (root ns)                      agent ns                         strongSwan ns
 *   api-server :agentPort  <--mTLS-- 198.18.x.2 (control link)
 *                           198.18.x.1        192.0.2.1 ====IKE/ESP==== 192.0.2.2
 *                                             10.1.0.1 / 10.1.1.1 (lo)       10.2.0.1 / 10.2.1.1 (lo)
 * </pre>
 * strongSwan has one connection with a child per tunnel (net-a: 10.2.0/24-10.1.0/24, net-b:
 * 10.2.1/24-10.1.1/24) and only responds; the agent initiates.
 */
class EndToEndTest {
    static final String SWAN_ID = "swan.vpn.example";
    static final String AGENT_ADDRESS = "192.0.2.1";

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @Test
    void restCallsBecomeTunnelsAndTheirStateComesBack() throws Exception {
        byte[] psk = new byte[24];
        new SecureRandom().nextBytes(psk);
        String pskText = HexFormat.of().formatHex(psk);
        int agentPort = Replicas.freePort();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             ControlLink link = ControlLink.create(net.left().ns());
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            net.left().ns().addAddress("lo", "10.1.1.1/32");
            net.right().ns().addAddress("lo", "10.2.1.1/32");
            Connection site = Connection.siteToSite("site", net.right(), net.left(), new Auth.Psk(SWAN_ID), new Auth.Psk(AGENT_ADDRESS));
            Child a = site.children().getFirst();
            swan.load(SwanctlConf.of(site.withChildren(List.of(
                            new Child("net-a", a.localTs(), a.remoteTs(), a.espProposals(), "none", a.rekeyTime()),
                            new Child("net-b", List.of("10.2.1.0/24"), List.of("10.1.1.0/24"), a.espProposals(), "none", a.rekeyTime()))),
                    new PskSecret(SWAN_ID, AGENT_ADDRESS, pskText.getBytes())));

            ConfigurableApplicationContext server = Replicas.start(pg, agentPort);
            AgentUnderTest agent = null;
            try {
                ApiClient root = Replicas.client(server, ApiTestBase.BOOTSTRAP_KEY);
                // A customer tenant and its admin key, through REST.
                String tenant = created(root.post("/v1/tenants", body("name", "e2e", "kind", "customer")));
                String key = root.onTenant(tenant).post("/v1/api-keys", body("name", "e2e", "role", "admin")).json().get("secret").asText();
                var restServer = new AtomicReference<>(server); // the replica REST calls go to
                Supplier<ApiClient> api = () -> Replicas.client(restServer.get(), key);

                String gateway = created(api.get().post("/v1/gateways", body("name", "edge", "publicAddresses", List.of(AGENT_ADDRESS))));
                JsonNode token = api.get().post("/v1/gateways/" + gateway + "/enrollment-tokens", body("ttlSeconds", 600)).json();
                Path ca = Files.writeString(dir.resolve("ca.pem"), token.get("caCertificatePem").asText());
                agent = AgentUnderTest.start(net.left().ns(), dir.resolve("agent"), link.rootAddress() + ":" + agentPort,
                        token.get("token").asText(), ca);
                await("the agent connected", () -> status(api.get(), gateway).get("agentsConnected").asInt() == 1);
                String firstCertificate = Files.readString(dir.resolve("agent").resolve("agent.crt"));
                long enrolledAt = System.nanoTime();

                // 1. REST -> ESTABLISHED within 10 s, ping, counters rise.
                String peer = created(api.get().post("/v1/peers", body("name", "swan", "address", net.right().outerAddress(),
                        "ikeIdentity", SWAN_ID, "auth", body("type", "psk", "psk", pskText))));
                String policyA = created(api.get().post("/v1/crypto-policies", policy("policy-a")));
                String policyB = created(api.get().post("/v1/crypto-policies", policy("policy-b")));
                long t0 = System.nanoTime();
                String tunnelA = created(api.get().post("/v1/tunnels", tunnel("a", gateway, peer, policyA, "10.1.0.0/24", "10.2.0.0/24")));
                await("tunnel a ESTABLISHED", Duration.ofSeconds(10), () -> "ESTABLISHED".equals(tunnelStatus(api.get(), tunnelA)));
                long establishedMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(establishedMs).as("REST create -> ESTABLISHED, ms").isLessThan(10_000);
                System.out.println("e2e: tunnel a ESTABLISHED in the API " + establishedMs + " ms after its POST");
                assertThat(swan.awaitInstalled("net-a", WAIT).installedChild("net-a")).isNotNull();
                ping(net, "10.1.0.1", "10.2.0.1");
                await("byte counters reported", () -> bytes(api.get(), tunnelA) > 0);
                long before = bytes(api.get(), tunnelA);
                ping(net, "10.1.0.1", "10.2.0.1");
                await("byte counters rise", () -> bytes(api.get(), tunnelA) > before);
                // The real agent's IKE responder reports its flood defences: calm, nothing half-open now.
                await("the agent's defence state reported", () -> agentRow(api.get(), gateway).hasNonNull("defence"));
                JsonNode defence = agentRow(api.get(), gateway).get("defence");
                assertThat(defence.get("level").asText()).isEqualTo("NORMAL");
                assertThat(defence.get("halfOpen").asInt()).isZero();
                assertThat(defence.get("drops").has("HALF_OPEN_LIMIT")).as("every drop reason of the engine").isTrue();
                // The gateway's defence thresholds reach the running engine: with cookies from 0 half-open IKE SAs
                // it is at the COOKIE level at once, with nothing half-open; back to the default, calm again.
                assertThat(api.get().patch("/v1/gateways/" + gateway, body("defence", body("cookieThreshold", 0))).status()).isEqualTo(200);
                await("the agent's engine demands cookies", () -> "COOKIES".equals(agentRow(api.get(), gateway).get("defence").get("level").asText()));
                Map<String, Object> defaultThreshold = new HashMap<>();
                defaultThreshold.put("cookieThreshold", null);
                assertThat(api.get().patch("/v1/gateways/" + gateway, body("defence", defaultThreshold)).status()).isEqualTo(200);
                await("the agent's engine calm again", () -> "NORMAL".equals(agentRow(api.get(), gateway).get("defence").get("level").asText()));

                // 2. A second, unrelated tunnel; then a policy change of the first keeps the second's SPIs.
                String tunnelB = created(api.get().post("/v1/tunnels", tunnel("b", gateway, peer, policyB, "10.1.1.0/24", "10.2.1.0/24")));
                await("tunnel b ESTABLISHED", () -> "ESTABLISHED".equals(tunnelStatus(api.get(), tunnelB)));
                ping(net, "10.1.1.1", "10.2.1.1");
                ChildSaStatus aBefore = child(swan, "net-a");
                ChildSaStatus bBefore = child(swan, "net-b");
                long revisionBefore = status(api.get(), gateway).get("configRevision").asLong();
                assertThat(api.get().patch("/v1/crypto-policies/" + policyA, body("childLifetimeSeconds", 1800)).status()).isEqualTo(200);
                long revision = status(api.get(), gateway).get("configRevision").asLong();
                assertThat(revision).isGreaterThan(revisionBefore);
                await("the agent ACKs the new version", () -> agentRow(api.get(), gateway).get("appliedVersion").asLong() == revision);
                await("tunnel a re-established, the old IKE SA deleted after", () -> child(swan, "net-a") != null
                        && child(swan, "net-a").spiIn() != aBefore.spiIn() && swan.listSas().size() == 2);
                assertThat(tunnelStatus(api.get(), tunnelA)).isEqualTo("ESTABLISHED");
                ping(net, "10.1.0.1", "10.2.0.1");
                assertThat(child(swan, "net-b").spiIn()).as("the unrelated tunnel keeps its SPIs").isEqualTo(bBefore.spiIn());
                assertThat(child(swan, "net-b").spiOut()).isEqualTo(bBefore.spiOut());

                // 3. What no gateway can run is refused by the API itself (422); a snapshot this agent cannot run
                //    (moving a running gateway to other addresses takes an agent restart): NACK shown by the API,
                //    the previous configuration keeps running.
                assertThat(api.get().patch("/v1/peers/" + peer, body("address", "2001:db8::2")).status())
                        .as("an IPv6 peer for a gateway without IPv6").isEqualTo(422);
                assertThat(api.get().patch("/v1/gateways/" + gateway, body("publicAddresses", List.of(AGENT_ADDRESS, "192.0.2.99")))
                        .status()).isEqualTo(200);
                long refused = status(api.get(), gateway).get("configRevision").asLong();
                await("the NACK is visible", () -> agentRow(api.get(), gateway).path("lastError").asText().contains("public addresses changed"));
                JsonNode row = agentRow(api.get(), gateway);
                assertThat(row.get("lastErrorVersion").asLong()).isEqualTo(refused);
                assertThat(row.get("appliedVersion").asLong()).as("a NACK does not advance the applied version").isEqualTo(revision);
                assertThat(status(api.get(), gateway).get("inSync").asBoolean()).isFalse();
                ping(net, "10.1.1.1", "10.2.1.1");
                assertThat(child(swan, "net-b").spiIn()).isEqualTo(bBefore.spiIn());
                assertThat(api.get().patch("/v1/gateways/" + gateway, body("publicAddresses", List.of(AGENT_ADDRESS))).status()).isEqualTo(200);
                await("back in sync", () -> status(api.get(), gateway).get("inSync").asBoolean());

                // 4. The api-server stops: tunnels stay up and carry traffic. Meanwhile strongSwan drops tunnel b,
                //    the agent sets it up again, and the API learns of it only after the restart (state converges).
                server.close();
                ping(net, "10.1.0.1", "10.2.0.1");
                ping(net, "10.1.1.1", "10.2.1.1");
                IkeSaStatus bSa = swan.listSas().stream().filter(s -> s.children().stream().anyMatch(c -> c.name().equals("net-b")))
                        .findFirst().orElseThrow();
                swan.swanctl("--terminate", "--ike-id", Long.toString(bSa.uniqueId()));
                await("tunnel b set up again by the agent", () -> child(swan, "net-b") != null && child(swan, "net-b").spiIn() != bBefore.spiIn());
                ping(net, "10.1.1.1", "10.2.1.1");
                long newBSpi = child(swan, "net-b").spiOut(); // strongSwan's outbound = our inbound
                // Replica B serves the agent after the restart; replica A takes the REST calls.
                ConfigurableApplicationContext replicaB = Replicas.start(pg, agentPort);
                ConfigurableApplicationContext replicaA = Replicas.start(pg, 0);
                try {
                    restServer.set(replicaA);
                    await("the agent reconnected", () -> status(api.get(), gateway).get("agentsConnected").asInt() == 1);
                    await("the API shows tunnel b's new SA", () -> securityAssociations(api.get(), tunnelB).findValuesAsText("spiIn")
                            .contains("%08x".formatted(newBSpi)));
                    assertThat(tunnelStatus(api.get(), tunnelB)).isEqualTo("ESTABLISHED");

                    // 5. A change through replica A reaches the agent on replica B: deleting tunnel a sends strongSwan a Delete.
                    assertThat(api.get().delete("/v1/tunnels/" + tunnelA).status()).isEqualTo(204);
                    await("strongSwan got the Delete", () -> child(swan, "net-a") == null);
                    assertThat(swan.log()).contains("received DELETE for IKE_SA");
                    assertThat(api.get().get("/v1/tunnels/" + tunnelA).status()).isEqualTo(404);
                    assertThat(api.get().get("/v1/tunnels").json().get("items").findValuesAsText("id")).doesNotContain(tunnelA);
                    ping(net, "10.1.1.1", "10.2.1.1");

                    // 6. A peer with a wrong PSK: the API shows AUTHENTICATION_FAILED.
                    String wrongPeer = created(api.get().post("/v1/peers", body("name", "swan-wrong-key", "address",
                            net.right().outerAddress(), "ikeIdentity", SWAN_ID, "auth", body("type", "psk", "psk", "not the key strongSwan has"))));
                    String tunnelC = created(api.get().post("/v1/tunnels", tunnel("c", gateway, wrongPeer, policyB, "10.1.2.0/24", "10.2.2.0/24")));
                    await("AUTHENTICATION_FAILED shown", () -> "AUTHENTICATION_FAILED".equals(tunnelStatus(api.get(), tunnelC)));
                    assertThat(securityAssociations(api.get(), tunnelC).get("reason").asText()).contains("AUTHENTICATION_FAILED");

                    // 7. The agent renewed its short-lived certificate (at two thirds of its life) and is still connected.
                    AgentUnderTest running = agent;
                    long renewAfter = Replicas.CERTIFICATE_LIFETIME.toNanos() * 2 / 3 - (System.nanoTime() - enrolledAt);
                    await("certificate renewed", Duration.ofNanos(Math.max(0, renewAfter)).plus(WAIT),
                            () -> running.log().contains("certificate renewed"));
                    assertThat(Files.readString(dir.resolve("agent").resolve("agent.crt"))).isNotEqualTo(firstCertificate);
                    assertThat(status(api.get(), gateway).get("agentsConnected").asInt()).isEqualTo(1);
                } finally {
                    replicaA.close();
                    replicaB.close();
                }
            } catch (RuntimeException | AssertionError e) {
                if (agent != null) e.addSuppressed(new AssertionError("--- agent log ---\n" + agent.log()));
                e.addSuppressed(new AssertionError(swan.logTail()));
                throw e;
            } finally {
                if (agent != null) agent.close();
                server.close();
            }
        }
    }

    static Map<String, Object> policy(String name) {
        return body("name", name, "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"), "espProposals", List.of("aes256gcm16"),
                "startAction", "initiate");
    }

    static Map<String, Object> tunnel(String name, String gateway, String peer, String policy, String local, String remote) {
        return body("name", name, "gatewayId", gateway, "peerId", peer, "policyId", policy,
                "localTrafficSelectors", List.of(local), "remoteTrafficSelectors", List.of(remote));
    }

    private static long bytes(ApiClient api, String tunnel) {
        long sum = 0;
        for (JsonNode sa : securityAssociations(api, tunnel).get("items")) sum += sa.get("bytesIn").asLong();
        return sum;
    }

    static ChildSaStatus child(StrongSwanPeer swan, String name) {
        return swan.listSas().stream().flatMap(s -> s.children().stream())
                .filter(c -> c.name().equals(name) && c.state().equals("INSTALLED")).findFirst().orElse(null);
    }

    static void ping(NamespacePair net, String from, String to) {
        E2eSteps.ping(net.left().ns(), from, to);
    }
}
