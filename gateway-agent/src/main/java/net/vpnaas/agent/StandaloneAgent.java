package net.vpnaas.agent;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import net.vpnaas.agent.config.ConfigException;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.config.PeerAuthentication;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.agent.config.TunnelConfig;
import net.vpnaas.agent.control.SnapshotApplier;
import net.vpnaas.agent.logging.AgentLogging;
import net.vpnaas.agent.managed.ManagedGateway;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.agent.wiring.GatewayRuntime;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Tunnel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent without a control plane: {@code StandaloneAgent <config.json>} runs the tunnels of a
 * standalone config file until terminated (SIGTERM sends IKE Deletes first, and logs them);
 * {@code StandaloneAgent <config.json> --check} only validates the file and prints what it describes.
 * {@code StandaloneAgent --snapshot <snapshot.json> [--check]} does the same with a configuration in
 * the control plane's own form (the protobuf JSON of a pushed {@code GatewaySnapshot}), applied by the
 * same code as a push. Prints {@code READY} once the engine and data path are up.
 */
public final class StandaloneAgent {
    private static final Logger log = LoggerFactory.getLogger(StandaloneAgent.class);

    static final int OK = 0;
    static final int INVALID_CONFIG = 2;
    static final int NOT_SUPPORTED = 3;
    static final int USAGE = 64;

    private StandaloneAgent() {}

    public static void main(String[] args) {
        AgentLogging.routeJavaUtilLogging();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean snapshot = args.length > 0 && args[0].equals("--snapshot");
        String[] rest = snapshot ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (rest.length < 1 || rest.length > 2 || (rest.length == 2 && !rest[1].equals("--check"))) {
            err.println("usage: StandaloneAgent [--snapshot] <config.json> [--check]");
            return USAGE;
        }
        boolean checkOnly = rest.length == 2;
        if (snapshot) return runSnapshot(Path.of(rest[0]), checkOnly, out, err);
        StandaloneConfig config;
        try {
            config = StandaloneConfigLoader.load(Path.of(rest[0]));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return INVALID_CONFIG;
        }
        describe(config, out);
        if (checkOnly) {
            out.println("config OK");
            return OK;
        }
        GatewayRuntime runtime;
        try {
            runtime = GatewayRuntime.start(config);
        } catch (EngineConnections.UnsupportedException e) {
            err.println("cannot run this config yet:\n" + e.getMessage());
            return NOT_SUPPORTED;
        }
        return runUntilTerminated(() -> runtime.shutdown(Duration.ofMillis(500)), out);
    }

    private static int runSnapshot(Path file, boolean checkOnly, PrintStream out, PrintStream err) {
        GatewaySnapshot.Builder snapshot = GatewaySnapshot.newBuilder();
        try {
            JsonFormat.parser().merge(Files.readString(file), snapshot);
        } catch (IOException e) {
            err.println(file + ": " + e.getMessage());
            return INVALID_CONFIG;
        }
        var refusal = ManagedGateway.check(snapshot.build(), DataPathConfig.DEFAULT);
        if (refusal.isPresent()) {
            err.println(file + ": " + refusal.get().error());
            return INVALID_CONFIG;
        }
        out.printf("gateway %s: version %d, tunnels %s%n", snapshot.getGatewayName(), snapshot.getVersion(),
                snapshot.getTunnelsList().stream().map(Tunnel::getName).toList());
        if (checkOnly) {
            out.println("config OK");
            return OK;
        }
        ManagedGateway gateway = new ManagedGateway(DataPathConfig.DEFAULT);
        if (gateway.apply(snapshot.build()) instanceof SnapshotApplier.Refused(String error, String tunnel)) {
            err.println(file + ": " + error);
            return NOT_SUPPORTED;
        }
        return runUntilTerminated(gateway::close, out);
    }

    /**
     * Prints READY, then waits for SIGTERM / SIGINT / SIGHUP and runs {@code stop} on this thread, while
     * the log still works (see {@link TerminationSignal}).
     */
    private static int runUntilTerminated(Runnable stop, PrintStream out) {
        TerminationSignal signal = TerminationSignal.install();
        out.println("READY");
        out.flush();
        log.info("{}: stopping", signal.await());
        stop.run();
        log.info("stopped");
        return OK;
    }

    private static void describe(StandaloneConfig config, PrintStream out) {
        out.printf("gateway %s (%s) on %s%n", config.gateway().name(), config.gateway().ikeIdentity(),
                config.gateway().publicAddresses().stream().map(a -> a.getHostAddress()).toList());
        for (TunnelConfig t : config.tunnels()) {
            out.printf("tunnel %s: %s -> %s via peer %s at %s (%s), policy %s: IKE %s, ESP %s%n", t.name(),
                    t.localTrafficSelectors(), t.remoteTrafficSelectors(), t.peer().name(),
                    t.peer().address().getHostAddress(),
                    t.peer().auth() instanceof PeerAuthentication.PreSharedKey ? "psk" : "certificate",
                    t.cryptoPolicy().name(), t.cryptoPolicy().ikeProposals(), t.cryptoPolicy().espProposals());
        }
    }
}
