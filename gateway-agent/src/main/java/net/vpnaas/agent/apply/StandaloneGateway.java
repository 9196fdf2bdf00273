package net.vpnaas.agent.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.TunnelConfig;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.agent.wiring.GatewayRuntime;

/**
 * The gateway as a standalone file drives it: the file's tunnels run from the start, and a reload
 * applies the file as it is now the way the agent applies a pushed snapshot: the whole file is
 * checked before anything changes (a refusal leaves the running tunnels as they were), then only
 * tunnels whose settings (their own, their peer's, their policy's) changed are touched: removed ones
 * first, with IKE Deletes, changed ones make-before-break, unchanged ones keep their SAs.
 */
public final class StandaloneGateway implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StandaloneGateway.class.getName());

    private final GatewayRuntime runtime;
    private StandaloneConfig running; // guarded by this

    private StandaloneGateway(GatewayRuntime runtime, StandaloneConfig running) {
        this.runtime = runtime;
        this.running = running;
    }

    /** Starts the data path and engine with every tunnel of {@code config}. */
    public static StandaloneGateway start(StandaloneConfig config) throws EngineConnections.UnsupportedException {
        return new StandaloneGateway(GatewayRuntime.start(config), config);
    }

    public GatewayRuntime runtime() {
        return runtime;
    }

    /** Runs {@code config} from now on, as a diff against what runs. */
    public synchronized ReloadOutcome reload(StandaloneConfig config) {
        if (!config.gateway().equals(running.gateway()) || !config.dataPath().equals(running.dataPath())) {
            return new ReloadOutcome.Refused("the gateway's own settings (\"gateway\", \"dataPath\") changed;"
                    + " restart the agent to apply them");
        }
        List<TunnelChange<TunnelConfig>> changes = changes(running, config);
        List<String> problems = new ArrayList<>();
        for (TunnelChange<TunnelConfig> change : changes) {
            TunnelConfig now = switch (change) {
                case TunnelChange.Added<TunnelConfig> a -> a.tunnel();
                case TunnelChange.Changed<TunnelConfig> c -> c.after();
                case TunnelChange.Removed<TunnelConfig> r -> null;
            };
            try {
                if (now != null) EngineConnections.of(config.gateway(), now, 0); // what the engine would refuse, before any change
            } catch (EngineConnections.UnsupportedException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) return new ReloadOutcome.Refused(String.join("\n", problems));
        try {
            for (TunnelChange<TunnelConfig> change : changes) {
                switch (change) {
                    case TunnelChange.Removed<TunnelConfig> r -> runtime.remove(r.name());
                    case TunnelChange.Added<TunnelConfig> a -> runtime.add(runtime.prepare(a.tunnel()));
                    case TunnelChange.Changed<TunnelConfig> c -> runtime.replace(runtime.prepare(c.after()));
                }
            }
        } catch (EngineConnections.UnsupportedException e) {
            throw new IllegalStateException("checked above", e);
        }
        running = config;
        ReloadOutcome.Applied applied = ReloadOutcome.Applied.of(changes);
        LOG.info(() -> "reloaded: removed " + applied.removed() + ", added " + applied.added() + ", changed "
                + applied.changed() + "; tunnels " + runtime.tunnelNames());
        return applied;
    }

    /** A tunnel's record holds its peer and policy, so comparing it compares everything that shapes its SAs. */
    static List<TunnelChange<TunnelConfig>> changes(StandaloneConfig before, StandaloneConfig after) {
        return TunnelChange.between(byName(before.tunnels()), byName(after.tunnels()), TunnelConfig::equals);
    }

    private static Map<String, TunnelConfig> byName(List<TunnelConfig> tunnels) {
        Map<String, TunnelConfig> out = new LinkedHashMap<>();
        tunnels.forEach(t -> out.put(t.name(), t));
        return out;
    }

    /** Sends IKE Deletes for every tunnel, then stops. */
    @Override
    public void close() {
        runtime.shutdown(Duration.ofMillis(500));
    }
}
