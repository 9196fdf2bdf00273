package net.vpnaas.agent;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.vpnaas.agent.apply.ReloadOutcome;
import net.vpnaas.agent.apply.SnapshotDiff;
import net.vpnaas.agent.apply.StandaloneGateway;
import net.vpnaas.agent.apply.TunnelChange;
import net.vpnaas.agent.config.ConfigException;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.agent.control.SnapshotApplier;
import net.vpnaas.agent.localctl.CtlCommands;
import net.vpnaas.agent.localctl.LocalCtlServer;
import net.vpnaas.agent.logging.AgentLogging;
import net.vpnaas.agent.managed.ManagedGateway;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.RemoteAccessEndpointSpec;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Tunnel;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.ResolvedTunnel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent without a control plane: {@code StandaloneAgent <config.json>} runs the tunnels of a
 * standalone config file until terminated (SIGTERM sends IKE Deletes first, and logs them);
 * {@code StandaloneAgent <config.json> --check} does everything a start does before it touches the
 * system (loads and validates the file, maps it to the IKE engine's connections, resolving peers'
 * DNS names) and prints what the file describes.
 * {@code StandaloneAgent --snapshot <snapshot.json> [--check]} does the same with a configuration in
 * the control plane's own form (the protobuf JSON of a pushed {@code GatewaySnapshot}), applied by the
 * same code as a push. Prints {@code READY} once the engine and data path are up. While it runs,
 * {@code bin/agent ctl} reaches it on its control socket ({@code --control-socket PATH}, default
 * {@code /run/vpnaas-agent/control.sock}): list SAs, initiate, terminate, rekey, reload the file.
 */
public final class StandaloneAgent {
    private static final Logger log = LoggerFactory.getLogger(StandaloneAgent.class);

    static final int OK = 0;
    static final int INVALID_CONFIG = 2;
    static final int NOT_SUPPORTED = 3;
    static final int CONTROL_SOCKET_UNAVAILABLE = 5;
    static final int USAGE = 64;

    private StandaloneAgent() {}

    public static void main(String[] args) {
        AgentLogging.routeJavaUtilLogging();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean snapshot = false;
        boolean checkOnly = false;
        Path socket = LocalCtlServer.DEFAULT_PATH;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--snapshot" -> snapshot = true;
                case "--check" -> checkOnly = true;
                case "--control-socket" -> {
                    if (++i == args.length) return usage(err, "--control-socket needs a path");
                    socket = Path.of(args[i]);
                }
                default -> {
                    if (args[i].startsWith("--")) return usage(err, "unknown option " + args[i]);
                    files.add(args[i]);
                }
            }
        }
        if (files.size() != 1) return usage(err, files.isEmpty() ? "no config file" : "one config file only");
        Path file = Path.of(files.getFirst());
        if (snapshot) return runSnapshot(file, checkOnly, socket, out, err);
        StandaloneConfig config;
        try {
            config = StandaloneConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return INVALID_CONFIG;
        }
        describe(config.configuration(), out);
        for (RemoteAccessEndpointSpec e : config.remoteAccessEndpoints()) {
            out.printf("remote access %s: pools %s, DNS %s, reaching %s, RADIUS %s%s, policy %s%n", e.name(), e.addressPools(),
                    e.dnsServers(), e.allowedNetworks(), e.radiusServers().stream().map(r -> r.address() + ":" + r.port()).toList(),
                    e.eapOnly() ? ", EAP-only allowed" : "", e.cryptoPolicy());
        }
        if (checkOnly) {
            try {
                EngineConnections.check(config.configuration()); // what StandaloneGateway.start checks first
                for (RemoteAccessEndpointSpec e : config.remoteAccessEndpoints()) {
                    EngineConnections.remoteAccess(config.configuration().gateway(), e, config.policyOf(e));
                }
            } catch (EngineConnections.UnsupportedException e) {
                return notSupported(err, e);
            }
            out.println("config OK");
            return OK;
        }
        Optional<LocalCtlServer> bound = bindControlSocket(socket, err);
        if (bound.isEmpty()) return CONTROL_SOCKET_UNAVAILABLE;
        LocalCtlServer ctl = bound.get();
        StandaloneGateway gateway;
        try {
            gateway = StandaloneGateway.start(config);
        } catch (EngineConnections.UnsupportedException e) {
            ctl.close();
            return notSupported(err, e);
        } catch (RuntimeException e) {
            ctl.close();
            throw e;
        }
        ctl.serve(CtlCommands.standalone(() -> Optional.of(gateway.runtime()), () -> reload(gateway, file))::execute);
        return runUntilTerminated(() -> {
            ctl.close();
            gateway.close();
        }, out);
    }

    /** The control socket, bound before the gateway starts so a second agent on it refuses to start. */
    private static Optional<LocalCtlServer> bindControlSocket(Path socket, PrintStream err) {
        try {
            return Optional.of(LocalCtlServer.bind(socket));
        } catch (IOException e) {
            err.println("cannot open the control socket: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code ctl reload}: the file as it is now, applied as a diff; an invalid file changes nothing. */
    private static ReloadOutcome reload(StandaloneGateway gateway, Path file) {
        try {
            return gateway.reload(StandaloneConfigLoader.load(file));
        } catch (ConfigException e) {
            return new ReloadOutcome.Refused(e.getMessage());
        }
    }

    private static int runSnapshot(Path file, boolean checkOnly, Path socket, PrintStream out, PrintStream err) {
        GatewaySnapshot snapshot;
        try {
            snapshot = readSnapshot(file);
        } catch (IOException e) {
            err.println(file + ": " + e.getMessage());
            return INVALID_CONFIG;
        }
        var refusal = ManagedGateway.check(snapshot);
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
        Optional<LocalCtlServer> bound = bindControlSocket(socket, err);
        if (bound.isEmpty()) return CONTROL_SOCKET_UNAVAILABLE;
        LocalCtlServer ctl = bound.get();
        ManagedGateway gateway = new ManagedGateway(DataPathConfig.DEFAULT);
        if (gateway.apply(snapshot) instanceof SnapshotApplier.Refused(String error, String tunnel)) {
            ctl.close();
            err.println(file + ": " + error);
            return NOT_SUPPORTED;
        }
        ctl.serve(CtlCommands.standalone(gateway::runtime, () -> reloadSnapshot(gateway, file))::execute);
        return runUntilTerminated(() -> {
            ctl.close();
            gateway.close();
        }, out);
    }

    private static GatewaySnapshot readSnapshot(Path file) throws IOException {
        GatewaySnapshot.Builder snapshot = GatewaySnapshot.newBuilder();
        JsonFormat.parser().merge(Files.readString(file), snapshot);
        return snapshot.build();
    }

    /** {@code ctl reload} of a snapshot file: applied by the same code, with the same checks, as a push. */
    private static ReloadOutcome reloadSnapshot(ManagedGateway gateway, Path file) {
        GatewaySnapshot snapshot;
        try {
            snapshot = readSnapshot(file);
        } catch (IOException e) {
            return new ReloadOutcome.Refused(file + ": " + e.getMessage());
        }
        List<TunnelChange<Tunnel>> changes = SnapshotDiff.between(gateway.running(), snapshot);
        return switch (gateway.apply(snapshot)) {
            case SnapshotApplier.Applied a -> ReloadOutcome.Applied.of(changes);
            case SnapshotApplier.Refused r -> new ReloadOutcome.Refused(file + ": " + r.error());
        };
    }

    private static int notSupported(PrintStream err, EngineConnections.UnsupportedException e) {
        err.println("cannot run this config:\n" + e.getMessage());
        return NOT_SUPPORTED;
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("usage: StandaloneAgent [--snapshot] <config.json> [--check] [--control-socket PATH]");
        return USAGE;
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

    private static String authType(PeerAuth auth) {
        return switch (auth) {
            case PeerAuth.Psk p -> "psk";
            case PeerAuth.Certificate c -> "certificate";
            case PeerAuth.Null(String gatewayPsk) -> gatewayPsk == null ? "null, both sides unauthenticated" : "null, gateway by psk";
            case PeerAuth.Password p -> "password (PACE)";
        };
    }

    private static void describe(GatewayConfiguration config, PrintStream out) {
        out.printf("gateway %s (%s) on %s%n", config.gateway().name(), config.gateway().identity().value(),
                config.gateway().spec().publicAddresses());
        for (ResolvedTunnel t : config.resolvedTunnels()) {
            out.printf("tunnel %s: %s -> %s via peer %s at %s (%s), policy %s: IKE %s, ESP %s%n", t.name(),
                    t.tunnel().localTrafficSelectors(), t.tunnel().remoteTrafficSelectors(), t.peer().name(),
                    t.peer().address(), authType(t.peer().auth()),
                    t.cryptoPolicy().name(), t.cryptoPolicy().ikeProposals(), t.cryptoPolicy().espProposals());
        }
    }
}
