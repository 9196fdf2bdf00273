package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.agentRow;
import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.e2e.E2eSteps.created;
import static net.vpnaas.api.e2e.E2eSteps.status;
import static net.vpnaas.api.e2e.E2eSteps.tunnelStatus;
import static net.vpnaas.api.e2e.EndToEndTest.AGENT_ADDRESS;
import static net.vpnaas.api.e2e.EndToEndTest.SWAN_ID;
import static net.vpnaas.api.e2e.EndToEndTest.child;
import static net.vpnaas.api.e2e.EndToEndTest.ping;
import static net.vpnaas.api.e2e.EndToEndTest.policy;
import static net.vpnaas.api.e2e.EndToEndTest.tunnel;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.ike.interop.ChildSaStatus;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Child;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf;
import net.vpnaas.ike.interop.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Certificate tunnels through the control plane, everything real and driven by REST only (the
 * harness of {@link EndToEndTest}): the gateway's certificate is issued by the tenant's IKE CA,
 * which strongSwan trusts as downloaded from {@code GET /v1/ike-ca}; the tunnel comes up and carries
 * traffic; the certificate is renewed (its lifetime is a minute here) while the tunnel stays up on
 * the same Child SA; strongSwan's next authentication of the gateway (a reauthentication, make
 * before break: an IKE SA rekey carries no AUTH) sees the renewed certificate; then the tenant
 * uploads a certificate of its own CA, and a new tunnel authenticated with it comes up.
 */
class CertificateTunnelEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration IKE_CERTIFICATE_LIFETIME = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @Test
    void gatewayCertificatesFromTheTenantCaAndUploadedOnesAuthenticateTunnelsAndRenewWithoutATeardown() throws Exception {
        int agentPort = Replicas.freePort();
        TestPki swanPki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued swanCert = swanPki.issue(SWAN_ID, KeyKind.ECDSA_P256);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             ControlLink link = ControlLink.create(net.left().ns());
             // make before break: strongSwan's reauthentication sets up the new IKE SA before it deletes the old
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns(), 2, "make_before_break = yes")) {
            net.left().ns().addAddress("lo", "10.1.1.1/32");
            net.right().ns().addAddress("lo", "10.2.1.1/32");
            ConfigurableApplicationContext server = Replicas.start(pg, agentPort,
                    "--vpnaas.ike-ca.certificate-lifetime=" + IKE_CERTIFICATE_LIFETIME.toSeconds() + "s",
                    "--vpnaas.ike-ca.renewal-check-interval=1s");
            AgentUnderTest agent = null;
            try {
                ApiClient root = Replicas.client(server, ApiTestBase.BOOTSTRAP_KEY);
                String tenant = created(root.post("/v1/tenants", body("name", "e2e-certificates", "kind", "customer")));
                String key = root.onTenant(tenant).post("/v1/api-keys", body("name", "e2e", "role", "admin")).json().get("secret").asText();
                ApiClient api = Replicas.client(server, key);

                // The gateway gets a certificate from the tenant's IKE CA; strongSwan trusts that CA, downloaded from the API.
                String gateway = created(api.post("/v1/gateways", body("name", "edge", "publicAddresses", List.of(AGENT_ADDRESS))));
                JsonNode issued = api.put("/v1/gateways/" + gateway + "/certificate", body("source", "tenant-ca")).json();
                assertThat(issued.get("subjectAltNames").get(0).asText()).isEqualTo("IP:" + AGENT_ADDRESS);
                String swanCertFile = swanPki.installInto(swan, swanCert);
                Files.writeString(swan.swanctlDir().resolve("x509ca/tenant-ike-ca.pem"), api.get("/v1/ike-ca").json().get("certificatePem").asText());
                Connection site = Connection.siteToSite("site", net.right(), net.left(),
                        new Auth.PubKey(SWAN_ID, "pubkey", swanCertFile), new Auth.PubKey(AGENT_ADDRESS, "pubkey", null));
                Child a = site.children().getFirst();
                swan.load(SwanctlConf.of(site.withChildren(List.of(
                        new Child("net-a", a.localTs(), a.remoteTs(), a.espProposals(), "none", a.rekeyTime()),
                        new Child("net-b", List.of("10.2.1.0/24"), List.of("10.1.1.0/24"), a.espProposals(), "none", a.rekeyTime())))));

                JsonNode token = api.post("/v1/gateways/" + gateway + "/enrollment-tokens", body("ttlSeconds", 600)).json();
                Path ca = Files.writeString(dir.resolve("ca.pem"), token.get("caCertificatePem").asText());
                agent = AgentUnderTest.start(net.left().ns(), dir.resolve("agent"), link.rootAddress() + ":" + agentPort,
                        token.get("token").asText(), ca);
                await("the agent connected", () -> status(api, gateway).get("agentsConnected").asInt() == 1);

                // 1. A tunnel to strongSwan, which authenticates with a certificate of its own CA: ESTABLISHED, traffic flows.
                String peer = created(api.post("/v1/peers", body("name", "swan", "address", net.right().outerAddress(),
                        "ikeIdentity", SWAN_ID, "auth", body("type", "certificate", "caBundlePem", swanPki.root().certificatePem(),
                                "expectedIdentity", SWAN_ID))));
                String policy = created(api.post("/v1/crypto-policies", policy("policy")));
                String tunnelA = created(api.post("/v1/tunnels", tunnel("a", gateway, peer, policy, "10.1.0.0/24", "10.2.0.0/24")));
                await("tunnel a ESTABLISHED", () -> "ESTABLISHED".equals(tunnelStatus(api, tunnelA)));
                assertThat(swan.awaitInstalled("net-a", WAIT).remoteId()).isEqualTo(AGENT_ADDRESS);
                ping(net, "10.1.0.1", "10.2.0.1");
                assertThat(cachedSerials(swan)).as("strongSwan verified the issued certificate")
                        .contains(serial(issued.get("serialNumber").asText()));
                ChildSaStatus before = child(swan, "net-a");

                // 2. Renewal at two thirds of the lifetime: a new certificate reaches the agent, and the tunnel stays up on its SAs.
                List<String> seen = new ArrayList<>();
                await("the certificate renewed and applied", IKE_CERTIFICATE_LIFETIME, () -> {
                    seen.add(tunnelStatus(api, tunnelA));
                    JsonNode now = api.get("/v1/gateways/" + gateway + "/certificate").json();
                    return !now.get("serialNumber").equals(issued.get("serialNumber"))
                            && agentRow(api, gateway).get("appliedVersion").asLong() == status(api, gateway).get("configRevision").asLong();
                });
                JsonNode renewed = api.get("/v1/gateways/" + gateway + "/certificate").json();
                assertThat(renewed.get("version").asLong()).isEqualTo(2);
                assertThat(seen).as("the tunnel's state while the certificate was renewed").containsOnly("ESTABLISHED");
                ChildSaStatus after = child(swan, "net-a");
                assertThat(after.spiIn()).as("the same Child SA: nothing was torn down").isEqualTo(before.spiIn());
                assertThat(after.spiOut()).isEqualTo(before.spiOut());
                assertThat(swan.listSas()).hasSize(1);
                assertThat(agent.log()).contains("new credentials for its next IKE SA");
                ping(net, "10.1.0.1", "10.2.0.1");
                assertThat(cachedSerials(swan)).as("not authenticated with the renewed one yet")
                        .doesNotContain(serial(renewed.get("serialNumber").asText()));

                // 3. strongSwan authenticates the gateway anew: the new IKE SA gets the renewed certificate, no DOWN in between.
                assertThat(swan.swanctl("--rekey", "--ike", "site", "--reauth").ok()).isTrue();
                await("strongSwan authenticated the renewed certificate", () -> cachedSerials(swan).contains(serial(renewed.get("serialNumber").asText()))
                        && swan.listSas().size() == 1 && child(swan, "net-a") != null && child(swan, "net-a").spiIn() != before.spiIn());
                assertThat(swan.log()).contains("authentication of '" + AGENT_ADDRESS + "' with ECDSA");
                assertThat(tunnelStatus(api, tunnelA)).isEqualTo("ESTABLISHED");
                ping(net, "10.1.0.1", "10.2.0.1");

                // 4. The tenant uploads a certificate from its own CA, which strongSwan trusts; a new tunnel authenticates with it.
                TestPki tenantPki = TestPki.create(KeyKind.ECDSA_P256);
                TestPki.Issued own = tenantPki.issue(AGENT_ADDRESS, KeyKind.ECDSA_P256);
                Files.writeString(swan.swanctlDir().resolve("x509ca/tenant-own-ca.pem"), tenantPki.root().certificatePem());
                assertThat(swan.swanctl("--load-creds", "--file", swan.swanctlDir().resolve("swanctl.conf").toString()).stdout())
                        .contains("tenant-own-ca.pem");
                var upload = api.put("/v1/gateways/" + gateway + "/certificate",
                        body("source", "uploaded", "certificateChainPem", own.certificatePem(), "privateKeyPem", own.privateKeyPem()),
                        "If-Match", "\"2\"");
                assertThat(upload.status()).as(upload.body()).isEqualTo(200);
                assertThat(upload.body()).doesNotContain("PRIVATE KEY");
                long revision = status(api, gateway).get("configRevision").asLong();
                await("the agent runs the uploaded certificate", () -> agentRow(api, gateway).get("appliedVersion").asLong() == revision);
                String tunnelB = created(api.post("/v1/tunnels", tunnel("b", gateway, peer, policy, "10.1.1.0/24", "10.2.1.0/24")));
                await("tunnel b ESTABLISHED", () -> "ESTABLISHED".equals(tunnelStatus(api, tunnelB)));
                ping(net, "10.1.1.1", "10.2.1.1");
                assertThat(cachedSerials(swan)).as("strongSwan verified the uploaded certificate")
                        .contains(own.certificate().getSerialNumber().toString(16));
                assertThat(tunnelStatus(api, tunnelA)).isEqualTo("ESTABLISHED");
                ping(net, "10.1.0.1", "10.2.0.1");
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

    /**
     * The serials (hex, no leading zeros) of the certificates strongSwan holds: its own and the ones it
     * received and verified, which charon caches (swanctl lists them with the loaded ones).
     */
    private static List<String> cachedSerials(StrongSwanPeer swan) {
        return swan.swanctl("--list-certs").stdout().lines().map(String::strip).filter(l -> l.startsWith("serial:"))
                .map(l -> serial(l.substring("serial:".length()).strip().replace(":", ""))).toList();
    }

    private static String serial(String hex) {
        return new BigInteger(hex, 16).toString(16);
    }
}
