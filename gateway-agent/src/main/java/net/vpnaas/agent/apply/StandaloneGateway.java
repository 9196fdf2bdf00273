package net.vpnaas.agent.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.agent.wiring.GatewayRuntime;
import net.vpnaas.model.gateway.LocalGateway;
import net.vpnaas.model.gateway.ResolvedTunnel;

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

    private static LocalGateway withoutDefence(LocalGateway g) {
        return new LocalGateway(g.spec().withDefence(null), g.ikeIdentity(), g.certificate());
    }

    public GatewayRuntime runtime() {
        return runtime;
    }

    /** Runs {@code config} from now on, as a diff against what runs. */
    public synchronized ReloadOutcome reload(StandaloneConfig config) {
        LocalGateway gateway = config.configuration().gateway();
        // Of the gateway's own settings only its defences change while it runs.
        if (!withoutDefence(gateway).equals(withoutDefence(running.configuration().gateway()))
                || !config.dataPath().equals(running.dataPath()) || !java.util.Objects.equals(config.qkd(), running.qkd())) {
            return new ReloadOutcome.Refused("the gateway's own settings (\"gateway\" but its \"defence\", \"dataPath\", \"qkd\")"
                    + " changed; restart the agent to apply them");
        }
        List<TunnelChange<ResolvedTunnel>> changes = changes(running, config);
        // Every added or changed tunnel checked before any change: what the engine cannot run (a
        // certificate it cannot read, say) refuses the whole file. A peer's DNS name is looked up
        // in the background once the tunnel runs, as at the start.
        List<String> problems = new ArrayList<>();
        for (TunnelChange<ResolvedTunnel> change : changes) {
            ResolvedTunnel now = switch (change) {
                case TunnelChange.Added<ResolvedTunnel> a -> a.tunnel();
                case TunnelChange.Changed<ResolvedTunnel> c -> c.after();
                case TunnelChange.Removed<ResolvedTunnel> r -> null;
                case TunnelChange.CredentialsChanged<ResolvedTunnel> c -> throw sameGateway();
            };
            if (now == null) continue;
            try {
                EngineConnections.check(runtime.gateway(), now);
            } catch (EngineConnections.UnsupportedException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) return new ReloadOutcome.Refused(String.join("\n", problems));
        runtime.useSettingsOf(gateway);
        for (TunnelChange<ResolvedTunnel> change : changes) {
            switch (change) {
                case TunnelChange.Removed<ResolvedTunnel> r -> runtime.remove(r.name());
                case TunnelChange.Added<ResolvedTunnel> a -> runtime.add(a.tunnel());
                case TunnelChange.Changed<ResolvedTunnel> c -> runtime.replace(c.after());
                case TunnelChange.CredentialsChanged<ResolvedTunnel> c -> throw sameGateway();
            }
        }
        running = config;
        ReloadOutcome.Applied applied = ReloadOutcome.Applied.of(changes);
        LOG.info(() -> "reloaded: removed " + applied.removed() + ", added " + applied.added() + ", changed "
                + applied.changed() + "; tunnels " + runtime.tunnelNames());
        return applied;
    }

    /**
     * A resolved tunnel holds its peer and policy, tenant-model records that compare by value (a PSK
     * is its text), so comparing it compares everything that shapes its SAs. Labels are compared too:
     * a tunnel whose labels changed is set up anew, make-before-break.
     */
    static List<TunnelChange<ResolvedTunnel>> changes(StandaloneConfig before, StandaloneConfig after) {
        return TunnelChange.between(byName(before.configuration().resolvedTunnels()),
                byName(after.configuration().resolvedTunnels()), ResolvedTunnel::equals, tunnel -> false);
    }

    /** A reload that changes the gateway (its certificate with it) is refused before any tunnel is compared. */
    private static IllegalStateException sameGateway() {
        return new IllegalStateException("a reload keeps the gateway's own settings, so no tunnel's credentials change alone");
    }

    private static Map<String, ResolvedTunnel> byName(List<ResolvedTunnel> tunnels) {
        Map<String, ResolvedTunnel> out = new LinkedHashMap<>();
        tunnels.forEach(t -> out.put(t.name(), t));
        return out;
    }

    /** Sends IKE Deletes for every tunnel, then stops. */
    @Override
    public void close() {
        runtime.shutdown(Duration.ofMillis(500));
    }
}
