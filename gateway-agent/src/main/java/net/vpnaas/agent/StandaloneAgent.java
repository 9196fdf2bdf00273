package net.vpnaas.agent;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import net.vpnaas.agent.config.ConfigException;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.agent.control.SnapshotApplier;
import net.vpnaas.agent.managed.ManagedGateway;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.agent.wiring.GatewayRuntime;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.agent.v1.Tunnel;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.ResolvedTunnel;

/**
 * The agent without a control plane: {@code StandaloneAgent <config.json>} runs the tunnels of a
 * standalone config file until terminated (SIGTERM sends IKE Deletes first);
 * {@code StandaloneAgent <config.json> --check} does everything a start does before it touches the
 * system (loads and validates the file, maps it to the IKE engine's connections, resolving peers'
 * DNS names) and prints what the file describes.
 * {@code StandaloneAgent --snapshot <snapshot.json> [--check]} does the same with a configuration in
 * the control plane's own form (the protobuf JSON of a pushed {@code GatewaySnapshot}), applied by the
 * same code as a push. Prints {@code READY} once the engine and data path are up.
 */
public final class StandaloneAgent {

    static final int OK = 0;
    static final int INVALID_CONFIG = 2;
    static final int NOT_SUPPORTED = 3;
    static final int USAGE = 64;

    private StandaloneAgent() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != OK) System.exit(status);
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
        describe(config.configuration(), out);
        GatewayRuntime runtime;
        try {
            if (checkOnly) {
                EngineConnections.check(config.configuration()); // what GatewayRuntime.start checks first
                out.println("config OK");
                return OK;
            }
            runtime = GatewayRuntime.start(config);
        } catch (EngineConnections.UnsupportedException e) {
            err.println("cannot run this config:\n" + e.getMessage());
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
        var refusal = ManagedGateway.check(snapshot.build());
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

    /** Prints READY, then waits for SIGTERM / SIGINT, whose hook runs {@code stop}. */
    private static int runUntilTerminated(Runnable stop, PrintStream out) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "agent-shutdown"));
        out.println("READY");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private static void describe(GatewayConfiguration config, PrintStream out) {
        out.printf("gateway %s (%s) on %s%n", config.gateway().name(), config.gateway().identity().value(),
                config.gateway().spec().publicAddresses());
        for (ResolvedTunnel t : config.resolvedTunnels()) {
            out.printf("tunnel %s: %s -> %s via peer %s at %s (%s), policy %s: IKE %s, ESP %s%n", t.name(),
                    t.tunnel().localTrafficSelectors(), t.tunnel().remoteTrafficSelectors(), t.peer().name(),
                    t.peer().address(), t.peer().auth() instanceof PeerAuth.Psk ? "psk" : "certificate",
                    t.cryptoPolicy().name(), t.cryptoPolicy().ikeProposals(), t.cryptoPolicy().espProposals());
        }
    }
}
