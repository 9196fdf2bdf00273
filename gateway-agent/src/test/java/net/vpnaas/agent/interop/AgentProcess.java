package net.vpnaas.agent.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.vpnaas.agent.StandaloneAgent;
import net.vpnaas.ike.interop.NetNs;

/**
 * Our agent as a real process inside a namespace: {@code java StandaloneAgent config.json}, started
 * with this test JVM's own java and class path, its output in a log file for failure reports.
 */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static AgentProcess start(NetNs ns, Path config) {
        return start(ns, config, List.of());
    }

    /** {@code jvmOptions} e.g. a logging configuration for benchmarks. */
    static AgentProcess start(NetNs ns, Path config, List<String> jvmOptions) {
        Path log = config.resolveSibling("agent.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StandaloneAgent.class.getName(), config.toString()));
        Process p = ns.start(Map.of(), log, cmd);
        AgentProcess agent = new AgentProcess(p, log);
        agent.awaitReady(Duration.ofSeconds(20));
        return agent;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().lines().anyMatch("READY"::equals)) return;
            if (!process.isAlive()) {
                throw new IllegalStateException("agent exited with " + process.exitValue() + ":\n" + log());
            }
            NetNs.sleep(Duration.ofMillis(50));
        }
        close();
        throw new IllegalStateException("agent not READY within " + timeout + ":\n" + log());
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM (the agent sends IKE Deletes and stops), then SIGKILL if it hangs. */
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
