package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/run} itself (without its build: it runs what Maven just built), in a network namespace
 * of its own, where its agent takes UDP 500/4500 and a TUN device: server, PostgreSQL and agent, as a
 * user starts them. With a peer's PSK pushed to the agent, no secret of the system is on any of its
 * processes' command lines, which every local account can read, nor in its logs: not the admin key,
 * the master key, the PostgreSQL password, the agent's enrollment token or the PSK.
 */
class RunCommandSecretsTest {
    /** Generous: the server alone takes 10 s on an idle machine but over 40 s on a loaded one. */
    private static final Duration START = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireNetns();
        Prereqs.requireRootWith("/dev/net/tun (modprobe tun)", "curl (apt-get install curl)", "python3 (apt-get install python3)");
    }

    @Test
    void noSecretOnACommandLineOrInALog() throws Exception {
        Path data = dir.resolve("data"), runLog = dir.resolve("run.log");
        String psk = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        try (NetNs ns = NetNs.create("rn");
             ControlLink link = ControlLink.create(ns)) {
            CommandLineWatch watch = CommandLineWatch.of(ns);
            Process run = ns.start(Map.of("VPNAAS_DATA_DIR", data.toString(), "VPNAAS_NO_BUILD", "1"), runLog,
                    List.of(repository().resolve("bin/run").toString()));
            try (watch) {
                Path adminKeyFile = data.resolve("admin.key");
                awaitRunning(run, runLog, "bin/run's server wrote admin.key", () -> Files.exists(adminKeyFile));
                ApiClient root = new ApiClient(link.nsAddress(), 8080, Files.readString(adminKeyFile).strip());
                awaitRunning(run, runLog, "the local agent connected", () -> agentConnected(root));
                String gateway = root.get("/v1/gateways?name=local").json().get("items").get(0).get("id").asText();

                // A PSK that reaches the agent: a tunnel of the local gateway to a peer with it, ACKed.
                String peer = created(root.post("/v1/peers", body("name", "p", "address", "198.51.100.20",
                        "ikeIdentity", "p.example", "auth", body("type", "psk", "psk", psk))));
                String policy = created(root.post("/v1/crypto-policies", body("name", "p",
                        "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"), "espProposals", List.of("aes256gcm16"))));
                created(root.post("/v1/tunnels", body("name", "t", "gatewayId", gateway, "peerId", peer, "policyId", policy,
                        "localTrafficSelectors", List.of("10.1.0.0/24"), "remoteTrafficSelectors", List.of("10.2.0.0/24"))));
                long revision = status(root, gateway).get("configRevision").asLong();
                awaitRunning(run, runLog, "the agent ACKed the tunnel with the PSK",
                        () -> status(root, gateway).get("agents").get(0).get("appliedVersion").asLong() == revision);

                Set<String> commandLines = watch.seen();
                assertThat(commandLines).as("the watch saw the server, PostgreSQL and the agent")
                        .anyMatch(l -> l.contains("net.vpnaas.api.ApiServerApplication"))
                        .anyMatch(l -> l.contains("bin/postgres -D"))
                        .anyMatch(l -> l.startsWith("postgres: "))
                        .anyMatch(l -> l.contains("net.vpnaas.agent.ManagedAgent"));
                Map<String, String> secrets = Map.of(
                        "admin key", secret(adminKeyFile),
                        "master key", secret(data.resolve("master.key")),
                        "PostgreSQL password", secret(data.resolve("postgres/postgres.password")),
                        "enrollment token", secret(data.resolve("agent/enrollment.token")),
                        "PSK", psk);
                String logs = Files.readString(runLog) + Files.readString(data.resolve("agent/agent.log"));
                secrets.forEach((name, secret) -> {
                    assertThat(commandLines).as("command lines holding the " + name).noneMatch(l -> l.contains(secret));
                    assertThat(logs).as("the logs hold the " + name).doesNotContain(secret);
                });
            } finally {
                run.destroy(); // bin/run stops the agent, then the server (which stops PostgreSQL)
                if (!run.waitFor(30, TimeUnit.SECONDS)) run.destroyForcibly();
            }
        }
    }

    /** Fails early, with bin/run's output, if bin/run ends. */
    private static void awaitRunning(Process run, Path runLog, String what, Supplier<Boolean> condition) throws Exception {
        try {
            await(what, START, () -> {
                if (!run.isAlive()) throw new AssertionError("bin/run exited with " + run.exitValue());
                return condition.get();
            });
        } catch (AssertionError e) {
            String output = Files.readString(runLog);
            throw new AssertionError(e.getMessage() + "\n--- bin/run's output (end):\n"
                    + output.substring(Math.max(0, output.length() - 20_000)), e);
        }
    }

    /** Read from its file, which only the service's account can read. */
    private static String secret(Path file) throws Exception {
        assertThat(Files.getPosixFilePermissions(file)).as(file.toString()).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String secret = Files.readString(file).strip();
        assertThat(secret).hasSizeGreaterThan(20);
        return secret;
    }

    private static boolean agentConnected(ApiClient root) {
        var items = root.get("/v1/gateways?name=local").json().path("items");
        return !items.isEmpty() && status(root, items.get(0).get("id").asText()).get("agentsConnected").asInt() == 1;
    }

    private static com.fasterxml.jackson.databind.JsonNode status(ApiClient api, String gateway) {
        return api.get("/v1/gateways/" + gateway + "/status").json();
    }

    private static String created(HttpResult r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    private static Path repository() {
        String root = System.getenv("VPNAAS_REPO_ROOT");
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    }
}
