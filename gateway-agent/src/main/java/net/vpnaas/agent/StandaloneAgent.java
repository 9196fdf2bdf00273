package net.vpnaas.agent;

import java.io.PrintStream;
import java.nio.file.Path;
import net.vpnaas.agent.config.ConfigException;
import net.vpnaas.agent.config.PeerAuthentication;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.agent.config.TunnelConfig;

/**
 * The agent without a control plane: {@code StandaloneAgent <config.json> --check} loads and
 * validates a standalone config file and prints what it describes. Running tunnels from it needs
 * the IKE engine and the data path wired in, which is not done yet: without {@code --check} the
 * agent says so and exits with status 3 rather than pretending to run.
 */
public final class StandaloneAgent {

    static final int OK = 0;
    static final int USAGE = 64;
    static final int INVALID_CONFIG = 2;
    static final int NOT_WIRED = 3;

    private StandaloneAgent() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
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
        out.printf("gateway %s (%s) on %s%n", config.gateway().name(), config.gateway().ikeIdentity(),
                config.gateway().localAddresses().stream().map(a -> a.getHostAddress()).toList());
        for (TunnelConfig t : config.tunnels()) {
            out.printf("tunnel %s: %s -> %s via peer %s at %s (%s), policy %s: IKE %s, ESP %s%n", t.name(),
                    t.localTrafficSelectors(), t.remoteTrafficSelectors(), t.peer().name(),
                    t.peer().address().getHostAddress(),
                    t.peer().authentication() instanceof PeerAuthentication.PreSharedKey ? "psk" : "certificate",
                    t.cryptoPolicy().name(), t.cryptoPolicy().ikeProposals(), t.cryptoPolicy().espProposals());
        }
        if (args.length == 2) {
            out.println("config OK");
            return OK;
        }
        err.println("config OK, but this build cannot run tunnels yet: the IKE engine and data path are not wired into the agent");
        return NOT_WIRED;
    }
}
