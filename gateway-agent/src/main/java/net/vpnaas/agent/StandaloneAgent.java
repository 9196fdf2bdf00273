package net.vpnaas.agent;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import net.vpnaas.agent.config.ConfigException;
import net.vpnaas.agent.config.PeerAuthentication;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.agent.config.TunnelConfig;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.agent.wiring.GatewayRuntime;

/**
 * The agent without a control plane: {@code StandaloneAgent <config.json>} runs the tunnels of a
 * standalone config file until terminated (SIGTERM sends IKE Deletes first);
 * {@code StandaloneAgent <config.json> --check} only validates the file and prints what it describes.
 * Prints {@code READY} once the engine and data path are up.
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
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--check"))) {
            err.println("usage: StandaloneAgent <config.json> [--check]");
            return USAGE;
        }
        StandaloneConfig config;
        try {
            config = StandaloneConfigLoader.load(Path.of(args[0]));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return INVALID_CONFIG;
        }
        describe(config, out);
        if (args.length == 2) {
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.shutdown(Duration.ofMillis(500));
            stopped.countDown();
        }, "agent-shutdown"));
        out.println("READY");
        out.flush();
        try {
            stopped.await(); // until SIGTERM / SIGINT runs the hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
