package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.agentRow;
import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.e2e.E2eSteps.created;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.ike.interop.FreeRadius;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanBuild;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's "through the API" check: 20 clients log in to one remote-access endpoint at once, each
 * with its own EAP-MSCHAPv2 identity against FreeRADIUS; the sessions list through the API shows 20
 * distinct virtual IPs; disconnecting one through the API sends that client an IKE Delete, and its
 * address is free: the next client to log in gets it (the pool hands out its lowest free address).
 *
 * <p>The 20 clients are 20 connections of one strongSwan 5.9 charon in the right namespace (20 IKE SAs
 * with 20 identities, one outer address): far cheaper than 20 charons or namespaces, and to our gateway
 * 20 clients all the same, since it tells remote-access clients apart by IKE SA and EAP identity.
 */
class RemoteAccessTwentyClientsEndToEndTest {
    private static final int CLIENTS = 20;
    private static final String SECRET = "radius-secret-through-the-api";

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
        Prereqs.requireRootWith(FreeRadius.BINARY + " (apt-get install freeradius)",
                "/usr/lib/ipsec/plugins/libstrongswan-eap-mschapv2.so (apt-get install libcharon-extauth-plugins)");
    }

    private static String user(int i) {
        return "user%02d@example.com".formatted(i);
    }

    private static String connection(int i) {
        return "c%02d".formatted(i);
    }

    @Test
    void twentyClientsAtOnceGetDistinctAddressesAndADisconnectFreesOne() throws Exception {
        try (ManagedAgentStage stage = ManagedAgentStage.start(dir)) {
            ApiClient api = stage.api();
            String gateway = stage.gateway();
            var net = stage.net();
            TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
            TestPki.Issued radiusCert = pki.issue("radius.example", KeyKind.ECDSA_P256);
            Map<String, String> users = new LinkedHashMap<>();
            IntStream.rangeClosed(1, CLIENTS + 1).forEach(i -> users.put(user(i), "password-" + i));
            try (FreeRadius radius = FreeRadius.start(net.left().ns(), dir.resolve("radius"), 1912, SECRET, users, "mschapv2", false,
                    radiusCert.certificatePem(), radiusCert.privateKeyPem(), pki.root().certificatePem());
                 StrongSwanPeer clients = StrongSwanPeer.start(StrongSwanBuild.DEBIAN_5_9, net.right().ns(), 1,
                         // each swanctl --initiate holds a charon thread until its IKE SA is up: 20 at once
                         // starve the default 16 threads, and none is left to read the answers
                         "threads = 64\nload = " + StrongSwanBuild.DEBIAN_5_9.plugins() + " eap-identity eap-mschapv2 md5\n")) {
                assertThat(api.put("/v1/gateways/" + gateway + "/certificate", body("source", "tenant-ca")).status()).isEqualTo(201);
                String policy = created(api.post("/v1/crypto-policies", body("name", "ra",
                        "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"), "espProposals", List.of("aes256gcm16"))));
                String endpoint = created(api.post("/v1/remote-access-endpoints", body("name", "staff", "gatewayId", gateway,
                        "policyId", policy, "addressPools", List.of("10.99.0.0/24"), "allowedNetworks", List.of(net.left().innerSubnet()),
                        "radiusServers", List.of(body("address", "127.0.0.1", "port", 1912, "secret", SECRET)))));
                long revision = api.get("/v1/gateways/" + gateway).json().get("configRevision").asLong();
                await("the agent runs the endpoint", () -> agentRow(api, gateway).get("appliedVersion").asLong() == revision);

                Files.writeString(clients.swanctlDir().resolve("x509ca/tenant-ike-ca.pem"),
                        api.get("/v1/ike-ca").json().get("certificatePem").asText());
                clients.load(swanctlConf(net.right().outerAddress(), net.left().innerSubnet(), users));
                String sessions = "/v1/remote-access-endpoints/" + endpoint + "/sessions";
                try {
                    // 1. Twenty logins at once.
                    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                    try {
                        List<Future<Duration>> logins = new ArrayList<>();
                        for (int i = 1; i <= CLIENTS; i++) {
                            String c = connection(i);
                            logins.add(pool.submit(() -> clients.initiate(c)));
                        }
                        for (Future<Duration> f : logins) f.get();
                    } finally {
                        pool.shutdownNow();
                    }
                    await("20 sessions listed", () -> items(api, sessions).size() == CLIENTS);
                    List<JsonNode> listed = items(api, sessions);
                    Set<String> addresses = new HashSet<>();
                    Set<String> identities = new HashSet<>();
                    for (JsonNode s : listed) {
                        addresses.add(s.get("virtualIp").asText());
                        identities.add(s.get("identity").asText());
                    }
                    assertThat(addresses).as("20 distinct virtual IPs from the pool").hasSize(CLIENTS)
                            .allMatch(a -> a.startsWith("10.99.0."));
                    assertThat(identities).hasSize(CLIENTS);

                    // 2. One disconnected: its client hears an IKE Delete, and its address is free again.
                    JsonNode victim = listed.stream().filter(s -> s.get("virtualIp").asText().equals("10.99.0.7")).findFirst().orElseThrow();
                    String victimConnection = "c" + victim.get("identity").asText().substring(4, 6);
                    assertThat(api.post("/v1/remote-access-endpoints/" + endpoint + "/disconnect",
                            body("sessionId", victim.get("id").asText())).status()).isEqualTo(202);
                    await("the client got an IKE Delete", () -> clients.log().contains("received DELETE for IKE_SA " + victimConnection + "["));
                    await("19 sessions listed", () -> items(api, sessions).size() == CLIENTS - 1);
                    assertThat(items(api, sessions)).noneMatch(s -> s.get("virtualIp").asText().equals("10.99.0.7"));
                    clients.initiate(connection(CLIENTS + 1));
                    await("the new client listed", () -> items(api, sessions).size() == CLIENTS);
                    JsonNode newcomer = items(api, sessions).stream().filter(s -> s.get("identity").asText().equals(user(CLIENTS + 1)))
                            .findFirst().orElseThrow();
                    assertThat(newcomer.get("virtualIp").asText()).as("the freed address, the pool's lowest free one").isEqualTo("10.99.0.7");
                } catch (Throwable failure) {
                    AssertionError e = stage.withAgentLog(failure);
                    e.addSuppressed(new AssertionError("--- charon log (tail) ---\n" + clients.logTail()));
                    throw e;
                }
            }
        }
    }

    private static List<JsonNode> items(ApiClient api, String path) {
        return StreamSupport.stream(api.get(path).json().get("items").spliterator(), false).toList();
    }

    /** One connection per user, all from one address to the gateway, each asking for a virtual IP. */
    private static String swanctlConf(String local, String remoteSubnet, Map<String, String> users) {
        StringBuilder connections = new StringBuilder();
        StringBuilder secrets = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, String> u : users.entrySet()) {
            String c = connection(++i);
            connections.append("""
                      %s {
                        version = 2
                        local_addrs = %s
                        remote_addrs = %s
                        proposals = aes256gcm16-prfsha384-x25519
                        vips = 0.0.0.0
                        local {
                          auth = eap-mschapv2
                          id = %s
                        }
                        remote {
                          auth = pubkey
                          id = %s
                        }
                        children {
                          %s {
                            remote_ts = %s
                            esp_proposals = aes256gcm16
                          }
                        }
                      }
                    """.formatted(c, local, ManagedAgentStage.AGENT_ADDRESS, u.getKey(), ManagedAgentStage.AGENT_ADDRESS, c, remoteSubnet));
            secrets.append("""
                      eap-%s {
                        id = %s
                        secret = "%s"
                      }
                    """.formatted(c, u.getKey(), u.getValue()));
        }
        return "connections {\n" + connections + "}\nsecrets {\n" + secrets + "}\n";
    }
}
