package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.e2e.E2eSteps.created;
import static net.vpnaas.api.e2e.E2eSteps.status;
import static net.vpnaas.api.support.ApiTestBase.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.NamespacePair;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A stage for end-to-end tests of single features: the api-server on embedded PostgreSQL, a
 * customer tenant with an admin key, its gateway {@code edge} (192.0.2.1) and our agent serving it,
 * enrolled through the REST API, in the left namespace of a {@link NamespacePair}. Each test starts
 * the peer it needs in the right namespace (192.0.2.2) and drives the agent through REST only.
 */
final class ManagedAgentStage implements AutoCloseable {
    static final String AGENT_ADDRESS = "192.0.2.1";

    private final List<AutoCloseable> closeInReverse = new ArrayList<>();
    private NamespacePair net;
    private int port;
    private ApiClient api;
    private String gateway;
    private AgentUnderTest agent;

    private ManagedAgentStage() {}

    static ManagedAgentStage start(Path dir) throws Exception {
        ManagedAgentStage stage = new ManagedAgentStage();
        try {
            stage.setUp(dir);
            return stage;
        } catch (Exception | AssertionError e) {
            stage.close();
            throw e;
        }
    }

    private void setUp(Path dir) throws Exception {
        EmbeddedPostgres pg = keep(EmbeddedPostgres.builder().start());
        net = keep(NamespacePair.create(IpFamily.V4, IpFamily.V4));
        ControlLink link = keep(ControlLink.create(net.left().ns()));
        int agentPort = Replicas.freePort();
        ConfigurableApplicationContext server = keep(Replicas.start(pg, agentPort));
        ApiClient root = Replicas.client(server, ApiTestBase.BOOTSTRAP_KEY);
        String tenant = created(root.post("/v1/tenants", body("name", "e2e", "kind", "customer")));
        String key = root.onTenant(tenant).post("/v1/api-keys", body("name", "e2e", "role", "admin")).json().get("secret").asText();
        port = ((WebServerApplicationContext) server).getWebServer().getPort();
        api = Replicas.client(server, key);
        gateway = created(api.post("/v1/gateways", body("name", "edge", "publicAddresses", List.of(AGENT_ADDRESS))));
        JsonNode token = api.post("/v1/gateways/" + gateway + "/enrollment-tokens", body("ttlSeconds", 600)).json();
        Path ca = Files.writeString(dir.resolve("ca.pem"), token.get("caCertificatePem").asText());
        agent = keep(AgentUnderTest.start(net.left().ns(), dir.resolve("agent"), link.rootAddress() + ":" + agentPort,
                token.get("token").asText(), ca));
        await("the agent connected", () -> status(api, gateway).get("agentsConnected").asInt() == 1);
    }

    private <T extends AutoCloseable> T keep(T resource) {
        closeInReverse.add(resource);
        return resource;
    }

    NamespacePair net() {
        return net;
    }

    ApiClient api() {
        return api;
    }

    /** The server's API and portal port on localhost. */
    int port() {
        return port;
    }

    String gateway() {
        return gateway;
    }

    String agentLog() {
        return agent == null ? "" : agent.log();
    }

    /** The agent's log attached to a failure. */
    AssertionError withAgentLog(Throwable failure) {
        AssertionError e = failure instanceof AssertionError a ? a : new AssertionError(failure);
        e.addSuppressed(new AssertionError("--- agent log ---\n" + agentLog()));
        return e;
    }

    /** The agent first (it sends its Deletes while the control plane is still there), the rest after. */
    @Override
    public void close() throws IOException {
        List<Exception> failures = new ArrayList<>();
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            try {
                closeInReverse.get(i).close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IOException e = new IOException("closing the stage failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
