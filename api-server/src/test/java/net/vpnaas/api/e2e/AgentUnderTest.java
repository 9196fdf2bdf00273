package net.vpnaas.api.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.vpnaas.agent.ManagedAgent;
import net.vpnaas.ike.interop.JavaProcessInNamespace;
import net.vpnaas.ike.interop.NetNs;

/**
 * Our agent in control-plane mode as a real process in a namespace. It enrolls with the token, then
 * runs what the control plane pushes.
 */
final class AgentUnderTest implements AutoCloseable {
    private final JavaProcessInNamespace process;

    private AgentUnderTest(JavaProcessInNamespace process) {
        this.process = process;
    }

    static AgentUnderTest start(NetNs ns, Path stateDir, String controlPlane, String token, Path caFile) throws IOException {
        Files.createDirectories(stateDir);
        Path tokenFile = Files.writeString(stateDir.resolve("enrollment.token"), token);
        String tun = "e2t" + Long.toHexString(System.nanoTime() & 0xffffffL);
        return new AgentUnderTest(JavaProcessInNamespace.start(ns, stateDir.resolve("agent.log"),
                List.of("-Dlogback.configurationFile=agent-logback.xml"), ManagedAgent.class.getName(),
                List.of("--control-plane", controlPlane, "--server-name", "localhost", "--state-dir", stateDir.toString(),
                        "--enrollment-token-file", tokenFile.toString(), "--ca-file", caFile.toString(), "--agent-name", "e2e-agent",
                        "--tun", tun, "--telemetry-seconds", "1",
                        "--control-socket", stateDir.resolve("control.sock").toString()), // tests run several agents at once
                "READY", Duration.ofSeconds(30)));
    }

    String log() {
        return process.log();
    }

    /** SIGTERM (the agent deletes its SAs and exits), then SIGKILL if it hangs. */
    @Override
    public void close() {
        process.close();
    }
}
