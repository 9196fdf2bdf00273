package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.agentRow;
import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.e2e.E2eSteps.created;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.ike.interop.FreeRadius;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanBuild;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.TestPki;

/**
 * What the remote-access end-to-end tests share on a {@link ManagedAgentStage}: FreeRADIUS beside the
 * agent (left namespace), an endpoint made through the API whose RADIUS secret only ever goes through
 * the API, and strongSwan 5.9 EAP-MSCHAPv2 clients in the right namespace that trust the tenant's IKE
 * CA (the gateway authenticates with its certificate from it) and ask for a virtual IP.
 */
final class RemoteAccessClients {
    static final String POOL_PREFIX = "10.99.0.";
    private static final String RADIUS_SECRET = "radius-secret-through-the-api";
    private static final int RADIUS_PORT = 1912;

    /** One client: a swanctl connection (and its child) named {@code connection}, logging in as {@code user}. */
    record Client(String connection, String user, String password) {}

    private RemoteAccessClients() {}

    static void requirePrerequisites() {
        Prereqs.requireStrongSwan();
        Prereqs.requireRootWith(FreeRadius.BINARY + " (apt-get install freeradius)",
                "/usr/lib/ipsec/plugins/libstrongswan-eap-mschapv2.so (apt-get install libcharon-extauth-plugins)");
    }

    /** FreeRADIUS in the agent's namespace, knowing each client's password. */
    static FreeRadius startRadius(ManagedAgentStage stage, Path dir, List<Client> clients) {
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued radiusCert = pki.issue("radius.example", KeyKind.ECDSA_P256);
        Map<String, String> users = new LinkedHashMap<>();
        clients.forEach(c -> users.put(c.user(), c.password()));
        return FreeRadius.start(stage.net().left().ns(), dir.resolve("radius"), RADIUS_PORT, RADIUS_SECRET, users, "mschapv2", false,
                radiusCert.certificatePem(), radiusCert.privateKeyPem(), pki.root().certificatePem());
    }

    /** strongSwan 5.9 with the EAP-MSCHAPv2 client plugins and {@code charonSettings} before them. */
    static StrongSwanPeer startStrongSwan(ManagedAgentStage stage, int logLevel, String charonSettings) {
        return StrongSwanPeer.start(StrongSwanBuild.DEBIAN_5_9, stage.net().right().ns(), logLevel,
                charonSettings + "load = " + StrongSwanBuild.DEBIAN_5_9.plugins() + " eap-identity eap-mschapv2 md5\n");
    }

    /**
     * Through the API: the gateway's certificate from the tenant's IKE CA, a policy, and the endpoint
     * "staff" with the pool 10.99.0.0/24 reaching the network behind the gateway, its RADIUS server the
     * one of {@link #startRadius}. Returns the endpoint's id once the agent runs it.
     */
    static String createEndpoint(ManagedAgentStage stage) throws InterruptedException {
        ApiClient api = stage.api();
        String gateway = stage.gateway();
        assertThat(api.put("/v1/gateways/" + gateway + "/certificate", body("source", "tenant-ca")).status()).isEqualTo(201);
        String policy = created(api.post("/v1/crypto-policies", body("name", "ra",
                "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"), "espProposals", List.of("aes256gcm16"))));
        String endpoint = created(api.post("/v1/remote-access-endpoints", body("name", "staff", "gatewayId", gateway,
                "policyId", policy, "addressPools", List.of(POOL_PREFIX + "0/24"), "allowedNetworks", List.of(stage.net().left().innerSubnet()),
                "radiusServers", List.of(body("address", "127.0.0.1", "port", RADIUS_PORT, "secret", RADIUS_SECRET)))));
        long revision = api.get("/v1/gateways/" + gateway).json().get("configRevision").asLong();
        await("the agent runs the endpoint", () -> agentRow(api, gateway).get("appliedVersion").asLong() == revision);
        return endpoint;
    }

    /** Loads the clients into strongSwan, which trusts the tenant's IKE CA. */
    static void load(ManagedAgentStage stage, StrongSwanPeer strongSwan, List<Client> clients) throws IOException {
        Files.writeString(strongSwan.swanctlDir().resolve("x509ca/tenant-ike-ca.pem"),
                stage.api().get("/v1/ike-ca").json().get("certificatePem").asText());
        strongSwan.load(swanctlConf(stage, clients));
    }

    /** One connection per client, all from the right namespace's outer address to the gateway, each asking for a virtual IP. */
    private static String swanctlConf(ManagedAgentStage stage, List<Client> clients) {
        StringBuilder connections = new StringBuilder();
        StringBuilder secrets = new StringBuilder();
        for (Client c : clients) {
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
                    """.formatted(c.connection(), stage.net().right().outerAddress(), ManagedAgentStage.AGENT_ADDRESS, c.user(),
                    ManagedAgentStage.AGENT_ADDRESS, c.connection(), stage.net().left().innerSubnet()));
            secrets.append("""
                      eap-%s {
                        id = %s
                        secret = "%s"
                      }
                    """.formatted(c.connection(), c.user(), c.password()));
        }
        return "connections {\n" + connections + "}\nsecrets {\n" + secrets + "}\n";
    }
}
