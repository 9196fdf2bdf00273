package net.vpnaas.agent.managed;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import net.vpnaas.agent.apply.SnapshotDiff;
import net.vpnaas.agent.apply.TunnelChange;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.qkd.KmeSettings;
import net.vpnaas.agent.control.SnapshotApplier;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.agent.wiring.GatewayRuntime;
import net.vpnaas.ike.engine.DefenceState;
import net.vpnaas.ike.engine.EngineEvent;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Tunnel;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.ResolvedTunnel;

/**
 * The gateway as the control plane drives it: each pushed snapshot is checked whole before anything
 * changes (a refusal leaves the running configuration as it was), then applied as a diff by tunnel
 * name: unchanged tunnels are not touched, changed ones are set up anew make-before-break, removed
 * ones are deleted with IKE Deletes, and when only the gateway's certificate changed (renewed), the
 * tunnels that use it keep their SAs and authenticate their next IKE SA with it. The runtime (TUN,
 * sockets, engine) starts with the first snapshot, on the addresses it names.
 */
public final class ManagedGateway implements SnapshotApplier, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ManagedGateway.class.getName());

    private final DataPathConfig dataPath;
    private final KmeSettings qkd;
    private volatile TelemetryReporter telemetry;
    private GatewaySnapshot running = GatewaySnapshot.getDefaultInstance();
    /**
     * Written under this object's lock (apply, close); read without it by the telemetry timer (usage,
     * defenceState), which holds the reporter's lock while apply, holding this one, reports tunnels
     * started to the reporter: taking this lock there deadlocked the two (an agent stuck before
     * "running version", seen once in CertificateTunnelEndToEndTest).
     */
    private volatile GatewayRuntime runtime;
    private volatile long version;
    private volatile Map<String, String> tunnelIds = Map.of();

    public ManagedGateway(DataPathConfig dataPath) {
        this(dataPath, null);
    }

    /** @param qkd this agent's QKD key management entity, null without one */
    public ManagedGateway(DataPathConfig dataPath, KmeSettings qkd) {
        this.dataPath = dataPath;
        this.qkd = qkd;
    }

    /** Where engine events and tunnel starts are reported; set before the first snapshot. */
    public void reportTo(TelemetryReporter reporter) {
        this.telemetry = reporter;
    }

    /** What {@link #apply} would refuse in {@code snapshot}, checked without touching anything. */
    public static Optional<Refused> check(GatewaySnapshot snapshot) {
        try {
            translateAndCheck(snapshot);
            return Optional.empty();
        } catch (SnapshotRejected e) {
            return Optional.of(new Refused(e.getMessage(), e.tunnelName()));
        }
    }

    private static GatewayConfiguration translateAndCheck(GatewaySnapshot snapshot) throws SnapshotRejected {
        GatewayConfiguration config = SnapshotTranslator.translate(snapshot);
        for (ResolvedTunnel t : config.resolvedTunnels()) {
            try {
                EngineConnections.check(config.gateway(), t); // everything the engine would refuse, before any change
            } catch (EngineConnections.UnsupportedException e) {
                throw new SnapshotRejected(e.getMessage(), t.name());
            }
        }
        return config;
    }

    @Override
    public synchronized Result apply(GatewaySnapshot snapshot) {
        GatewayConfiguration config;
        try {
            config = translateAndCheck(snapshot);
        } catch (SnapshotRejected e) {
            return new Refused(e.getMessage(), e.tunnelName());
        }
        if (runtime != null && !runtime.gateway().addresses().equals(config.gateway().addresses())) {
            return new Refused("the gateway's public addresses changed from " + runtime.gateway().spec().publicAddresses()
                    + "; restart the agent to move it", "");
        }
        if (runtime == null) {
            try {
                runtime = GatewayRuntime.start(config.gateway(), dataPath, qkd, this::report, this::unreachable);
            } catch (RuntimeException e) {
                return new Refused("cannot start the data path: " + e.getMessage(), "");
            }
        }
        // the defences at once; the certificate is what tunnels added, changed or renewed below authenticate with
        runtime.useSettingsOf(config.gateway());
        Map<String, ResolvedTunnel> byName = config.resolvedTunnels().stream().collect(Collectors.toMap(ResolvedTunnel::name, t -> t));
        // Ids first: events of added tunnels may arrive before this method returns.
        Map<String, String> ids = snapshot.getTunnelsList().stream().collect(Collectors.toMap(Tunnel::getName, Tunnel::getId));
        tunnelIds = Map.copyOf(merge(tunnelIds, ids));
        for (TunnelChange<Tunnel> change : SnapshotDiff.between(running, snapshot)) {
            switch (change) {
                case TunnelChange.Removed<Tunnel> r -> runtime.remove(r.name());
                case TunnelChange.Added<Tunnel> a -> started(byName.get(a.name()), runtime::add);
                case TunnelChange.Changed<Tunnel> c -> started(byName.get(c.name()), runtime::replace);
                case TunnelChange.CredentialsChanged<Tunnel> c -> runtime.updateCredentials(byName.get(c.name()));
            }
        }
        tunnelIds = Map.copyOf(ids);
        running = snapshot;
        version = snapshot.getVersion();
        LOG.info(() -> "running version " + version + ": tunnels " + runtime.tunnelNames());
        return new Applied();
    }

    /** Reported as started first: what the runtime finds next (a peer's name that does not resolve) comes after. */
    private void started(ResolvedTunnel tunnel, Consumer<ResolvedTunnel> action) {
        TelemetryReporter r = telemetry;
        if (r != null) r.tunnelStarted(tunnel.name(), tunnel.cryptoPolicy().initiates());
        action.accept(tunnel);
    }

    private void report(EngineEvent e) {
        TelemetryReporter r = telemetry;
        if (r != null) r.onEvent(e);
    }

    private void unreachable(String tunnel, String reason) {
        TelemetryReporter r = telemetry;
        if (r != null) r.tunnelDown(tunnel, reason);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        var out = new HashMap<>(a);
        out.putAll(b);
        return out;
    }

    @Override
    public long appliedVersion() {
        return version;
    }

    /** The control plane's id of a tunnel this gateway runs, or null. */
    public String tunnelId(String tunnelName) {
        return tunnelIds.get(tunnelName);
    }

    /** The running gateway; empty before the first snapshot. */
    public synchronized Optional<GatewayRuntime> runtime() {
        return Optional.ofNullable(runtime);
    }

    /** The snapshot the gateway runs (the empty one before the first). */
    public synchronized GatewaySnapshot running() {
        return running;
    }

    /** Counters of a Child SA by inbound SPI; empty before the first snapshot or when it is gone. */
    public Optional<ChildSaUsage> usage(long inboundSpi) {
        GatewayRuntime r = runtime; // no lock: see runtime
        return r == null ? Optional.empty() : r.usage(inboundSpi);
    }

    /** The IKE responder's defences now; empty before the first snapshot. */
    public Optional<DefenceState> defenceState() {
        GatewayRuntime r = runtime; // no lock: see runtime
        return r == null ? Optional.empty() : Optional.of(r.defenceState());
    }

    @Override
    public synchronized void close() {
        if (runtime != null) runtime.shutdown(Duration.ofMillis(500));
    }
}
