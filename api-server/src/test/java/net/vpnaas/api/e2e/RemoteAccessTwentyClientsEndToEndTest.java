package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.ike.interop.FreeRadius;
import net.vpnaas.ike.interop.StrongSwanPeer;
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

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        RemoteAccessClients.requirePrerequisites();
    }

    private static RemoteAccessClients.Client client(int i) {
        return new RemoteAccessClients.Client("c%02d".formatted(i), "user%02d@example.com".formatted(i), "password-" + i);
    }

    @Test
    void twentyClientsAtOnceGetDistinctAddressesAndADisconnectFreesOne() throws Exception {
        try (ManagedAgentStage stage = ManagedAgentStage.start(dir)) {
            ApiClient api = stage.api();
            List<RemoteAccessClients.Client> all = IntStream.rangeClosed(1, CLIENTS + 1).mapToObj(RemoteAccessTwentyClientsEndToEndTest::client).toList();
            try (FreeRadius radius = RemoteAccessClients.startRadius(stage, dir, all);
                 // each swanctl --initiate holds a charon thread until its IKE SA is up: 20 at once
                 // starve the default 16 threads, and none is left to read the answers
                 StrongSwanPeer clients = RemoteAccessClients.startStrongSwan(stage, 1, "threads = 64\n")) {
                String endpoint = RemoteAccessClients.createEndpoint(stage);
                RemoteAccessClients.load(stage, clients, all);
                String sessions = "/v1/remote-access-endpoints/" + endpoint + "/sessions";
                try {
                    // 1. Twenty logins at once.
                    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                    try {
                        List<Future<Duration>> logins = new ArrayList<>();
                        for (int i = 1; i <= CLIENTS; i++) {
                            String c = client(i).connection();
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
                            .allMatch(a -> a.startsWith(RemoteAccessClients.POOL_PREFIX));
                    assertThat(identities).hasSize(CLIENTS);

                    // 2. One disconnected: its client hears an IKE Delete, and its address is free again.
                    JsonNode victim = listed.stream().filter(s -> s.get("virtualIp").asText().equals(RemoteAccessClients.POOL_PREFIX + "7")).findFirst().orElseThrow();
                    String victimConnection = "c" + victim.get("identity").asText().substring(4, 6);
                    assertThat(api.post("/v1/remote-access-endpoints/" + endpoint + "/disconnect",
                            body("sessionId", victim.get("id").asText())).status()).isEqualTo(202);
                    await("the client got an IKE Delete", () -> clients.log().contains("received DELETE for IKE_SA " + victimConnection + "["));
                    await("19 sessions listed", () -> items(api, sessions).size() == CLIENTS - 1);
                    assertThat(items(api, sessions)).noneMatch(s -> s.get("virtualIp").asText().equals(RemoteAccessClients.POOL_PREFIX + "7"));
                    clients.initiate(client(CLIENTS + 1).connection());
                    await("the new client listed", () -> items(api, sessions).size() == CLIENTS);
                    JsonNode newcomer = items(api, sessions).stream().filter(s -> s.get("identity").asText().equals(client(CLIENTS + 1).user()))
                            .findFirst().orElseThrow();
                    assertThat(newcomer.get("virtualIp").asText()).as("the freed address, the pool's lowest free one").isEqualTo(RemoteAccessClients.POOL_PREFIX + "7");
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
}
