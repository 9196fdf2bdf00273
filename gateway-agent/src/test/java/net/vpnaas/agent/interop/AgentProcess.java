package net.vpnaas.agent.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.vpnaas.agent.StandaloneAgent;
import net.vpnaas.ike.interop.JavaProcessInNamespace;
import net.vpnaas.ike.interop.NetNs;

/** Our standalone agent as a real process inside a namespace: {@code java StandaloneAgent config.json}. */
final class AgentProcess implements AutoCloseable {

    private final JavaProcessInNamespace process;
    private final Path controlSocket;

    private AgentProcess(JavaProcessInNamespace process, Path controlSocket) {
        this.process = process;
        this.controlSocket = controlSocket;
    }

    static AgentProcess start(NetNs ns, Path config) {
        return start(ns, config, List.of());
    }

    /** {@code jvmOptions} e.g. a logging configuration for benchmarks. */
    static AgentProcess start(NetNs ns, Path config, List<String> jvmOptions) {
        List<String> options = new ArrayList<>(List.of("-Dlogback.configurationFile=agent-logback.xml"));
        options.addAll(jvmOptions);
        // Next to the config, not the default under /run: tests run several agents at once.
        Path socket = config.resolveSibling("control.sock");
        return new AgentProcess(JavaProcessInNamespace.start(ns, config.resolveSibling("agent.log"), options,
                StandaloneAgent.class.getName(), List.of(config.toString(), "--control-socket", socket.toString()),
                "READY", Duration.ofSeconds(20)), socket);
    }

    /** Where {@code bin/agent ctl --socket} reaches this agent. */
    Path controlSocket() {
        return controlSocket;
    }

    ProcessHandle handle() {
        return process.handle();
    }

    String log() {
        return process.log();
    }

    /** SIGTERM (the agent sends IKE Deletes and stops), then SIGKILL if it hangs. */
    @Override
    public void close() {
        process.close();
    }
}
