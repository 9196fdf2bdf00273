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
import java.util.List;
import java.util.Map;
import net.vpnaas.ike.interop.FreeRadius;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.ike.interop.ExecResult;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanBuild;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.TestPki;
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
    private static final String SECRET = "radius-secret-through-the-api";
    private static final String ALICE = "alice@example.com";
    private static final String ALICE_PASSWORD = "alice-password-1";

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
        Prereqs.requireRootWith(FreeRadius.BINARY + " (apt-get install freeradius)",
                "/usr/lib/ipsec/plugins/libstrongswan-eap-mschapv2.so (apt-get install libcharon-extauth-plugins)");
    }

    private static long deletes(StrongSwanPeer client) {
        return client.log().lines().filter(l -> l.contains("received DELETE for IKE_SA rw")).count();
    }

    @Test
    void anEndpointFromTheApiServesAnEapClientListsItsSessionAndDisconnectsIt() throws Exception {
        try (ManagedAgentStage stage = ManagedAgentStage.start(dir)) {
            ApiClient api = stage.api();
            String gateway = stage.gateway();
            var net = stage.net();
            TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
            TestPki.Issued radiusCert = pki.issue("radius.example", KeyKind.ECDSA_P256);
            try (FreeRadius radius = FreeRadius.start(net.left().ns(), dir.resolve("radius"), 1912, SECRET, Map.of(ALICE, ALICE_PASSWORD),
                    "mschapv2", false, radiusCert.certificatePem(), radiusCert.privateKeyPem(), pki.root().certificatePem());
                 StrongSwanPeer client = StrongSwanPeer.start(StrongSwanBuild.DEBIAN_5_9, net.right().ns(), 2,
                         "load = " + StrongSwanBuild.DEBIAN_5_9.plugins() + " eap-identity eap-mschapv2 md5\n")) {
                assertThat(api.put("/v1/gateways/" + gateway + "/certificate", body("source", "tenant-ca")).status()).isEqualTo(201);
                String policy = created(api.post("/v1/crypto-policies", body("name", "ra",
                        "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"), "espProposals", List.of("aes256gcm16"))));
                String endpoint = created(api.post("/v1/remote-access-endpoints", body("name", "staff", "gatewayId", gateway,
                        "policyId", policy, "addressPools", List.of("10.99.0.0/24"), "allowedNetworks", List.of(net.left().innerSubnet()),
                        "radiusServers", List.of(body("address", "127.0.0.1", "port", 1912, "secret", SECRET)))));
                long revision = api.get("/v1/gateways/" + gateway).json().get("configRevision").asLong();
                await("the agent runs the endpoint", () -> agentRow(api, gateway).get("appliedVersion").asLong() == revision);

                Files.writeString(client.swanctlDir().resolve("x509ca/tenant-ike-ca.pem"), api.get("/v1/ike-ca").json().get("certificatePem").asText());
                client.load("""
                        connections {
                          rw {
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
                              rw {
                                remote_ts = %s
                                esp_proposals = aes256gcm16
                              }
                            }
                          }
                        }
                        secrets {
                          eap-alice {
                            id = %s
                            secret = "%s"
                          }
                        }
                        """.formatted(net.right().outerAddress(), ManagedAgentStage.AGENT_ADDRESS, ALICE, ManagedAgentStage.AGENT_ADDRESS,
                        net.left().innerSubnet(), ALICE, ALICE_PASSWORD));
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
