package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.ike.interop.ExecResult;
import net.vpnaas.ike.interop.FreeRadius;
import net.vpnaas.ike.interop.StrongSwanPeer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote-access endpoint made through the REST API reaches the managed agent in its snapshot and
 * serves a client: strongSwan 5.9 as an EAP-MSCHAPv2 road warrior (right namespace) authenticates
 * through our agent to FreeRADIUS (left namespace, beside the agent; the RADIUS secret only ever
 * went through the API), gets a virtual IP from the pool, and pings the host behind the gateway; the
 * gateway authenticates with its certificate from the tenant's IKE CA. The agent reports the session
 * (identity, virtual IP, outer address, bytes); a disconnect through the API reaches the client as an
 * IKE Delete and frees its address, which its next login gets again; deleting the endpoint through the
 * API ends the client's IKE SA with an IKE Delete too.
 */
class RemoteAccessEndToEndTest {
    private static final String ALICE = "alice@example.com";
    private static final List<RemoteAccessClients.Client> CLIENTS = List.of(new RemoteAccessClients.Client("rw", ALICE, "alice-password-1"));

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        RemoteAccessClients.requirePrerequisites();
    }

    private static long deletes(StrongSwanPeer client) {
        return client.log().lines().filter(l -> l.contains("received DELETE for IKE_SA rw")).count();
    }

    @Test
    void anEndpointFromTheApiServesAnEapClientListsItsSessionAndDisconnectsIt() throws Exception {
        try (ManagedAgentStage stage = ManagedAgentStage.start(dir)) {
            ApiClient api = stage.api();
            var net = stage.net();
            try (FreeRadius radius = RemoteAccessClients.startRadius(stage, dir, CLIENTS);
                 StrongSwanPeer client = RemoteAccessClients.startStrongSwan(stage, 2, "")) {
                String endpoint = RemoteAccessClients.createEndpoint(stage);
                RemoteAccessClients.load(stage, client, CLIENTS);
                try {
                    StrongSwanPeer.withLogsOnFailure(() -> {
                        client.initiate("rw");
                        assertThat(net.right().ns().exec("ip", "-4", "addr").stdout()).as("the virtual IP from the pool").contains("10.99.0.1/32");
                        ExecResult ping = net.right().ns().tryExec(Map.of(), Duration.ofSeconds(20),
                                List.of("ping", "-c", "3", "-W", "2", net.left().innerAddress()));
                        assertThat(ping.exitCode()).as("ping through the tunnel:\n" + ping.stdout()).isZero();
                    }, client);
                    // The agent reports the session; an admin disconnects it: the client gets an IKE Delete and
                    // its address is free again (the lowest of the pool, so the client's next login gets it).
                    String sessions = "/v1/remote-access-endpoints/" + endpoint + "/sessions";
                    await("the session is listed", () -> api.get(sessions).json().get("items").size() == 1);
                    JsonNode session = api.get(sessions).json().get("items").get(0);
                    assertThat(session.get("identity").asText()).isEqualTo(ALICE);
                    assertThat(session.get("virtualIp").asText()).isEqualTo("10.99.0.1");
                    assertThat(session.get("outerAddress").asText()).startsWith(net.right().outerAddress() + ":");
                    await("the ping's bytes are counted", () -> api.get(sessions).json().get("items").get(0).get("bytesIn").asLong() > 0);
                    assertThat(api.post("/v1/remote-access-endpoints/" + endpoint + "/disconnect",
                            body("sessionId", session.get("id").asText())).status()).isEqualTo(202);
                    await("the client got an IKE Delete", () -> deletes(client) == 1);
                    await("the session left the list", () -> api.get(sessions).json().get("items").isEmpty());
                    StrongSwanPeer.withLogsOnFailure(() -> {
                        client.initiate("rw");
                        assertThat(net.right().ns().exec("ip", "-4", "addr").stdout()).as("the freed address again").contains("10.99.0.1/32");
                    }, client);

                    assertThat(api.delete("/v1/remote-access-endpoints/" + endpoint).status()).isEqualTo(204);
                    await("the client got an IKE Delete", () -> deletes(client) == 2);
                } catch (Throwable failure) {
                    throw stage.withAgentLog(failure);
                }
            }
        }
    }
}
