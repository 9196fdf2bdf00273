package net.vpnaas.agent.managed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import net.vpnaas.model.RemoteAccessEndpointSpec;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.RemoteAccessEndpoint;
import net.vpnaas.model.agent.v1.RemoteAccessSession;
import net.vpnaas.model.agent.v1.SessionDisconnect;
import net.vpnaas.model.agent.v1.Tunnel;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.ResolvedTunnel;

/**
 * The gateway as the control plane drives it: each pushed snapshot is checked whole before anything
 * changes (a refusal leaves the running configuration as it was), then applied as a diff by tunnel
 * name: unchanged tunnels are not touched, changed ones are set up anew make-before-break, removed
 * ones are deleted with IKE Deletes, and when only the gateway's certificate changed (renewed), the
 * tunnels that use it keep their SAs and authenticate their next IKE SA with it. Remote-access endpoints
 * are applied by name the same way (see applyRemoteAccess). The runtime (TUN,
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
    /** The control plane's ids of the remote-access endpoints running, by name. */
    private volatile Map<String, String> endpointIds = Map.of();

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
        for (RemoteAccessEndpointSpec e : SnapshotTranslator.remoteAccessEndpoints(snapshot)) {
            try {
                EngineConnections.remoteAccess(config.gateway(), e, e.policyIn(config)); // mapped and dropped: no sockets yet
            } catch (EngineConnections.UnsupportedException ex) {
                throw new SnapshotRejected(ex.getMessage(), e.name());
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
        try {
            applyRemoteAccess(snapshot, config);
        } catch (EngineConnections.UnsupportedException e) {
            return new Refused(e.getMessage(), ""); // checked above, with the same gateway: not expected
        }
        endpointIds = snapshot.getRemoteAccessEndpointsList().stream()
                .collect(Collectors.toUnmodifiableMap(RemoteAccessEndpoint::getName, RemoteAccessEndpoint::getId));
        disconnect(snapshot);
        running = snapshot;
        version = snapshot.getVersion();
        LOG.info(() -> "running version " + version + ": tunnels " + runtime.tunnelNames());
        return new Applied();
    }

    /**
     * Remote-access endpoints by name: a removed one ends its clients' IKE SAs (IKE Deletes); a changed
     * one (its settings, its policy, or the gateway's certificate it authenticates with) is replaced,
     * which ends its clients' IKE SAs too, and they connect again; an unchanged one is not touched.
     */
    private void applyRemoteAccess(GatewaySnapshot snapshot, GatewayConfiguration config) throws EngineConnections.UnsupportedException {
        Map<String, RemoteAccessEndpoint> before = endpointsByName(running);
        Map<String, RemoteAccessEndpoint> after = endpointsByName(snapshot);
        boolean certificateChanged = !running.getLocalCertificate().equals(snapshot.getLocalCertificate());
        Map<String, RemoteAccessEndpointSpec> specs = SnapshotTranslator.remoteAccessEndpoints(snapshot).stream()
                .collect(Collectors.toMap(RemoteAccessEndpointSpec::name, e -> e));
        for (String name : before.keySet()) {
            RemoteAccessEndpoint now = after.get(name);
            if (now == null || !now.equals(before.get(name)) || certificateChanged
                    || !policyNamed(running, now.getCryptoPolicy()).equals(policyNamed(snapshot, now.getCryptoPolicy()))) {
                runtime.removeRemoteAccess(name);
            }
        }
        Set<String> runningNow = runtime.remoteAccessNames();
        for (String name : after.keySet()) {
            if (!runningNow.contains(name)) runtime.addRemoteAccess(specs.get(name), specs.get(name).policyIn(config));
        }
    }

    /** The sessions an admin disconnected that this agent runs get an IKE Delete; the others are some other agent's, or gone. */
    private void disconnect(GatewaySnapshot snapshot) {
        Map<String, String> names = snapshot.getRemoteAccessEndpointsList().stream()
                .collect(Collectors.toMap(RemoteAccessEndpoint::getId, RemoteAccessEndpoint::getName));
        for (SessionDisconnect d : snapshot.getSessionDisconnectsList()) {
            String endpoint = names.get(d.getEndpointId());
            var spi = RemoteAccessSessions.initiatorSpi(d.getSessionId());
            if (endpoint != null && spi.isPresent() && runtime.disconnect(endpoint, spi.getAsLong())) {
                LOG.info(() -> "remote-access endpoint " + endpoint + ": session " + d.getSessionId() + " disconnected (IKE Delete)");
            }
        }
    }

    /** Every remote-access session of this agent now, for telemetry; none before the first snapshot. */
    public List<RemoteAccessSession> remoteAccessSessions() {
        GatewayRuntime r = runtime; // no lock: see runtime
        if (r == null) return List.of();
        List<RemoteAccessSession> out = new ArrayList<>();
        endpointIds.forEach((name, id) -> out.addAll(RemoteAccessSessions.of(id, r.saViews(name), r::usage)));
        return out;
    }

    private static Map<String, RemoteAccessEndpoint> endpointsByName(GatewaySnapshot s) {
        return s.getRemoteAccessEndpointsList().stream().collect(Collectors.toMap(RemoteAccessEndpoint::getName, e -> e));
    }

    private static Optional<CryptoPolicy> policyNamed(GatewaySnapshot s, String name) {
        return s.getPoliciesList().stream().filter(p -> p.getName().equals(name)).findFirst();
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
