package net.vpnaas.agent.wiring;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.wiring.EngineConnections.EngineTunnel;
import net.vpnaas.dataplane.DataPlane;
import net.vpnaas.dataplane.DataPlaneConfig;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.EngineEvent;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.model.gateway.LocalGateway;
import net.vpnaas.model.gateway.ResolvedTunnel;
import net.vpnaas.model.net.Prefix;

/**
 * A running gateway: the data path (TUN + ESP sockets on port 4500 and raw ESP), the IKE engine on
 * port 500 and, through the data path, 4500, and its tunnels. Tunnels with start action "initiate"
 * are set up at once and set up again, with backoff, whenever they go down; "respond" ones wait for
 * the peer. A tunnel whose peer died follows its DPD action instead: the engine clears it (it stays
 * down), holds it (traffic sets it up again) or restarts it at once, and a restart that fails is
 * retried with backoff like an "initiate" tunnel, until it is up again. Tunnels can be added,
 * changed (make-before-break) and removed while it runs.
 */
public final class GatewayRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GatewayRuntime.class.getName());
    /** Outer path MTU the data path assumes until ICMP says otherwise (Ethernet). */
    private static final int PATH_MTU = 1500;
    /** Redial delays for "initiate" tunnels that went down: doubling from the first to the last. */
    private static final Duration FIRST_REDIAL = Duration.ofSeconds(2);
    private static final Duration LAST_REDIAL = Duration.ofSeconds(60);

    private final LocalGateway gateway;
    private final String tunName;
    private final SharedNattTransport transport;
    private final DataPlane dataPlane;
    private final DataPlaneSaSink sink;
    private final IkeEngine engine;
    private final Consumer<EngineEvent> listener;
    private final ScheduledExecutorService redials =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("redial").factory());
    /** Guarded by this. */
    private final Map<String, EngineTunnel> tunnels = new LinkedHashMap<>();
    private final Map<String, Duration> redialDelays = new HashMap<>();
    /** Tunnels the engine restarted after their peer died (DPD action restart), until a Child SA is up again. */
    private final Set<String> restarting = new HashSet<>();
    private volatile boolean closed;

    private GatewayRuntime(LocalGateway gateway, String tunName, SharedNattTransport transport, DataPlane dataPlane,
                           DataPlaneSaSink sink, IkeEngine engine, Consumer<EngineEvent> listener) {
        this.gateway = gateway;
        this.tunName = tunName;
        this.transport = transport;
        this.dataPlane = dataPlane;
        this.sink = sink;
        this.engine = engine;
        this.listener = listener;
    }

    /** The standalone agent: every tunnel of the file, from the start. */
    public static GatewayRuntime start(StandaloneConfig config) throws EngineConnections.UnsupportedException {
        List<EngineTunnel> tunnels = EngineConnections.from(config.configuration());
        GatewayRuntime runtime = start(config.configuration().gateway(), config.dataPath(), e -> {});
        try {
            for (EngineTunnel t : tunnels) runtime.add(t);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /** A gateway without tunnels yet; {@code listener} gets every engine event (from IKE SA threads). */
    public static GatewayRuntime start(LocalGateway gateway, DataPathConfig dataPath, Consumer<EngineEvent> listener) {
        var addresses = gateway.addresses();
        SharedNattTransport transport = new SharedNattTransport(addresses, EngineConnections.IKE_PORT, EngineConnections.NATT_PORT);
        DataPlane dp;
        try {
            dp = DataPlane.start(new DataPlaneConfig(dataPath.tunName(), dataPath.queues(),
                    addresses.stream().map(a -> new InetSocketAddress(a, EngineConnections.NATT_PORT)).toList(),
                    // No bypass: traffic routed into the TUN is for tunnels only. TUN offloads on: the
                    // kernel hands over TCP super-packets that the data path segments itself.
                    addresses, PATH_MTU, false, true), transport);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        transport.attach(dp);
        IkeEngine engine = null;
        try {
            TunRoutes.up(dataPath.tunName(), dataPath.tunMtu());
            DataPlaneSaSink sink = new DataPlaneSaSink(dp);
            engine = new IkeEngine(transport, sink, RandomSource.secure(), EngineOptions.DEFAULT);
            GatewayRuntime runtime = new GatewayRuntime(gateway, dataPath.tunName(), transport, dp, sink, engine, listener);
            engine.onEvent(runtime::onEvent);
            engine.start();
            return runtime;
        } catch (RuntimeException e) {
            if (engine != null) engine.close();
            dp.close();
            transport.close();
            throw e;
        }
    }

    public LocalGateway gateway() {
        return gateway;
    }

    /** The engine connection for {@code tunnel} on this gateway. */
    public EngineTunnel prepare(ResolvedTunnel tunnel) throws EngineConnections.UnsupportedException {
        return EngineConnections.of(gateway, tunnel);
    }

    public synchronized void add(EngineTunnel t) {
        String name = t.tunnel().name();
        if (tunnels.containsKey(name)) throw new IllegalStateException("tunnel " + name + " exists already");
        register(t);
        routes(t).forEach(p -> TunRoutes.route(p, tunName));
        engine.addConnection(t.connection());
        if (initiates(t)) engine.initiate(name);
    }

    /** New settings for a tunnel: its SAs are set up anew, and the old ones go once the new ones are up. */
    public synchronized void replace(EngineTunnel t) {
        String name = t.tunnel().name();
        EngineTunnel before = tunnels.get(name);
        if (before == null) throw new IllegalStateException("no tunnel " + name);
        register(t);
        routes(t).forEach(p -> TunRoutes.route(p, tunName));
        unrouteUnused(routes(before));
        engine.replaceConnection(t.connection());
        if (initiates(t) && engine.ikeSas(name).isEmpty()) engine.initiate(name);
    }

    /** Deletes the tunnel's SAs (the peer gets IKE Deletes) and forgets it. */
    public synchronized void remove(String name) {
        EngineTunnel before = tunnels.remove(name);
        if (before == null) return;
        redialDelays.remove(name);
        restarting.remove(name);
        engine.removeConnection(name);
        sink.forgetReplayWindow(name);
        unrouteUnused(routes(before));
    }

    private void register(EngineTunnel t) {
        String name = t.tunnel().name();
        tunnels.put(name, t);
        sink.replayWindow(name, t.tunnel().cryptoPolicy().replayWindow());
    }

    /** The routes into the TUN a tunnel needs: its remote selectors, each address range as the prefixes it is made of. */
    private static List<Prefix> routes(EngineTunnel t) {
        return t.tunnel().remoteTrafficSelectors().stream().flatMap(r -> r.prefixes().stream()).toList();
    }

    /** Routes only go when no remaining tunnel needs them (two tunnels may reach one subnet). */
    private void unrouteUnused(List<Prefix> prefixes) {
        Set<Prefix> used = tunnels.values().stream().flatMap(t -> routes(t).stream()).collect(Collectors.toSet());
        prefixes.stream().filter(p -> !used.contains(p)).forEach(p -> TunRoutes.unroute(p, tunName));
    }

    private static boolean initiates(EngineTunnel t) {
        return t.tunnel().cryptoPolicy().initiates();
    }

    private void onEvent(EngineEvent e) {
        switch (e) {
            // Up means a Child SA carries traffic. An IKE SA alone is not: the peer may refuse its Child SA,
            // and the engine then closes it; resetting the backoff then would redial every 2 s for ever.
            case EngineEvent.ChildUp up -> {
                synchronized (this) {
                    redialDelays.remove(up.connection());
                    restarting.remove(up.connection());
                }
            }
            case EngineEvent.IkeDown down when !down.otherIkeSaUp() -> tunnelDown(down);
            default -> {}
        }
        listener.accept(e);
    }

    /** After a dead peer the engine took the DPD action; otherwise the tunnel may be due for a redial. */
    private synchronized void tunnelDown(EngineEvent.IkeDown down) {
        String name = down.connection();
        EngineTunnel t = tunnels.get(name);
        if (t == null) return;
        if (down.peerDead()) {
            if ("restart".equals(t.tunnel().cryptoPolicy().dpd().action())) restarting.add(name);
            else restarting.remove(name);
            return;
        }
        if (initiates(t) || restarting.contains(name)) scheduleRedial(name, t);
    }

    /** A tunnel that lost its last IKE SA is set up again, sooner after a success than after failures. */
    private void scheduleRedial(String name, EngineTunnel t) {
        if (closed) return;
        Duration delay = redialDelays.getOrDefault(name, FIRST_REDIAL);
        redialDelays.put(name, delay.multipliedBy(2).compareTo(LAST_REDIAL) > 0 ? LAST_REDIAL : delay.multipliedBy(2));
        LOG.info(() -> "tunnel " + name + " is down; setting it up again in " + delay.toSeconds() + " s");
        redials.schedule(() -> redial(name, t), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void redial(String name, EngineTunnel scheduledFor) {
        // Not if the tunnel was removed or changed meanwhile (a change sets it up itself), or came back.
        if (closed || tunnels.get(name) != scheduledFor || !engine.ikeSas(name).isEmpty()) return;
        engine.initiate(name);
    }

    /** The engine's IKE SAs of a tunnel, for status output. */
    public List<IkeSa> ikeSas(String tunnel) {
        return engine.ikeSas(tunnel);
    }

    public synchronized List<String> tunnelNames() {
        return List.copyOf(tunnels.keySet());
    }

    /** Counters of the Child SA with this inbound SPI, from the data path. */
    public Optional<ChildSaUsage> usage(long inboundSpi) {
        return sink.usage(inboundSpi);
    }

    /** Sends IKE Deletes for every tunnel, gives them {@code grace} to go out, then stops everything. */
    public void shutdown(Duration grace) {
        closed = true;
        for (String name : tunnelNames()) engine.deleteIke(name);
        try {
            Thread.sleep(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        LOG.info("stopping");
        closed = true;
        redials.shutdownNow();
        engine.close();
        dataPlane.close();
        transport.close();
    }
}
