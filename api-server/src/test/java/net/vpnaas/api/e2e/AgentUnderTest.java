package net.vpnaas.api.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.vpnaas.agent.ManagedAgent;
import net.vpnaas.ike.interop.NetNs;

/**
 * Our agent in control-plane mode as a real process in a namespace, started with this JVM's java and
 * class path. It enrolls with the token, then runs what the control plane pushes.
 */
final class AgentUnderTest implements AutoCloseable {
    private final Process process;
    private final Path log;

    private AgentUnderTest(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static AgentUnderTest start(NetNs ns, Path stateDir, String controlPlane, String token, Path caFile) throws IOException {
        Files.createDirectories(stateDir);
        Path log = stateDir.resolve("agent.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        String tun = "e2t" + Long.toHexString(System.nanoTime() & 0xffffffL);
        Process p = ns.start(Map.of(), log, List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=agent-logback.xml",
                "-cp", System.getProperty("java.class.path"), ManagedAgent.class.getName(),
                "--control-plane", controlPlane, "--server-name", "localhost", "--state-dir", stateDir.toString(),
                "--enrollment-token", token, "--ca-file", caFile.toString(), "--agent-name", "e2e-agent",
                "--tun", tun, "--telemetry-seconds", "1"));
        AgentUnderTest agent = new AgentUnderTest(p, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (agent.log().lines().noneMatch(l -> l.startsWith("READY"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                agent.close();
                throw new IllegalStateException("agent did not start:\n" + agent.log());
            }
            NetNs.sleep(Duration.ofMillis(100));
        }
        return agent;
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM (the agent deletes its SAs and exits), then SIGKILL if it hangs. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
