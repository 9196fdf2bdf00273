package net.vpnaas.agent.wiring;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.qkd.KmeClient;
import net.vpnaas.agent.qkd.KmeSettings;
import net.vpnaas.agent.wiring.EngineConnections.EngineTunnel;
import net.vpnaas.dataplane.DataPlane;
import net.vpnaas.dataplane.DataPlaneConfig;
import net.vpnaas.ike.auth.PemFormatException;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.DefenceState;
import net.vpnaas.ike.engine.EngineEvent;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.engine.IkeSaView;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.transport.Carrier;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.GatewayDefence;
import net.vpnaas.model.RemoteAccessEndpointSpec;
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
 * changed (make-before-break) and removed while it runs. A peer named by DNS is looked up in the
 * background, never while a configuration is applied: its tunnel reaches the engine once the name
 * resolves (until then it is not set up, nor can the peer set it up), and follows the peer when the
 * name later resolves elsewhere (new IKE SAs go to the new address; ones up keep theirs until they
 * end, e.g. by DPD). A renewed gateway certificate reaches running tunnels without touching their
 * SAs: their next IKE SA authenticates with it. IKE and ESP over TCP (RFC 9329): the gateway accepts
 * streams on TCP 4500 and on every TCP port a tunnel's policy names; a stream it originated that
 * ends is connected again by the data path, and the tunnels to that peer then probe the peer (DPD)
 * over it, so the peer learns the new stream of each IKE SA without a new one being set up.
 */
public final class GatewayRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GatewayRuntime.class.getName());
    /** Outer path MTU the data path assumes until ICMP says otherwise (Ethernet). */
    private static final int PATH_MTU = 1500;
    /** Redial delays for "initiate" tunnels that went down: doubling from the first to the last. */
    private static final Duration FIRST_REDIAL = Duration.ofSeconds(2);
    private static final Duration LAST_REDIAL = Duration.ofSeconds(60);
    /** How often peers' DNS names are looked up again; an operator's knob, e.g. for peers on dynamic DNS. */
    private static final Duration PEER_DNS_REFRESH = Duration.ofSeconds(Long.getLong("vpnaas.agent.peerDnsRefreshSeconds", 60));
    /** How long a listing waits for an IKE SA busy with an exchange step before leaving it out. */
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(2);
    /** How long an unused TCP stream stays for the last messages on it (see closeIdleStreamsLater). */
    private static final Duration STREAM_GRACE = Duration.ofSeconds(2);

    /** Its addresses never change (a move needs a restart); its certificate and defences may (see {@link #useSettingsOf}). */
    private volatile LocalGateway gateway;
    private final String tunName;
    private final SharedNattTransport transport;
    private final DataPlane dataPlane;
    private final DataPlaneSaSink sink;
    private final IkeEngine engine;
    private final Consumer<EngineEvent> listener;
    private final BiConsumer<String, String> unreachable;
    /** This gateway's QKD key management entity; null when the agent has none configured. */
    private final KmeClient kme;
    private final int qkdKeyBits;
    private final PeerAddresses peerAddresses = PeerAddresses.ofSystem(PEER_DNS_REFRESH);
    private final ScheduledExecutorService redials =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("redial").factory());
    /** Guarded by this: the tunnels as configured, and what the engine was given for those whose peer address is known. */
    private final Map<String, ResolvedTunnel> tunnels = new LinkedHashMap<>();
    private final Map<String, EngineTunnel> inEngine = new HashMap<>();
    private final Map<String, Duration> redialDelays = new HashMap<>();
    /** Tunnels the engine restarted after their peer died (DPD action restart), until a Child SA is up again. */
    private final Set<String> restarting = new HashSet<>();
    /** Guarded by this: the remote-access endpoints running, by name, with their address pools (routed into the TUN). */
    private final Map<String, List<Prefix>> remoteAccessPools = new HashMap<>();
    /** TCP ports the gateway accepts IKE and ESP streams on (RFC 9329). */
    private final Set<Integer> tcpPorts = new HashSet<>();
    private volatile boolean closed;

    private GatewayRuntime(LocalGateway gateway, String tunName, SharedNattTransport transport, DataPlane dataPlane,
                           DataPlaneSaSink sink, IkeEngine engine, Consumer<EngineEvent> listener,
                           BiConsumer<String, String> unreachable, KmeClient kme, int qkdKeyBits) {
        this.gateway = gateway;
        this.kme = kme;
        this.qkdKeyBits = qkdKeyBits;
        this.tunName = tunName;
        this.transport = transport;
        this.dataPlane = dataPlane;
        this.sink = sink;
        this.engine = engine;
        this.listener = listener;
        this.unreachable = unreachable;
    }

    /** The standalone agent: every tunnel and remote-access endpoint of the file, from the start. */
    public static GatewayRuntime start(StandaloneConfig config) throws EngineConnections.UnsupportedException {
        EngineConnections.check(config.configuration());
        GatewayRuntime runtime = start(config.configuration().gateway(), config.dataPath(), config.qkd(), e -> {},
                (tunnel, reason) -> {}); // logged where it is found
        try {
            for (ResolvedTunnel t : config.configuration().resolvedTunnels()) runtime.add(t);
            for (RemoteAccessEndpointSpec e : config.remoteAccessEndpoints()) runtime.addRemoteAccess(e, config.policyOf(e));
        } catch (RuntimeException | EngineConnections.UnsupportedException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /**
     * A gateway without tunnels yet; {@code listener} gets every engine event (from IKE SA threads),
     * {@code unreachable} the tunnels whose peer's DNS name gives no address the gateway can use, with why;
     * {@code qkd} is the agent's QKD key management entity, null without one.
     */
    public static GatewayRuntime start(LocalGateway gateway, DataPathConfig dataPath, KmeSettings qkd, Consumer<EngineEvent> listener,
                                       BiConsumer<String, String> unreachable) {
        KmeClient kme;
        try {
            kme = qkd == null ? null : qkd.client();
        } catch (GeneralSecurityException | PemFormatException e) {
            throw new IllegalArgumentException("qkd: the KME's certificate, key or CA cannot be used: " + e.getMessage(), e);
        }
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
            for (InetAddress a : addresses) dp.listenTcp(new InetSocketAddress(a, EngineConnections.NATT_PORT));
            DataPlaneSaSink sink = new DataPlaneSaSink(dp);
            engine = new IkeEngine(transport, sink, RandomSource.secure(), EngineDefence.options(EngineOptions.DEFAULT, defence(gateway)));
            GatewayRuntime runtime = new GatewayRuntime(gateway, dataPath.tunName(), transport, dp, sink, engine, listener, unreachable,
                    kme, qkd == null ? 0 : qkd.keySizeBits());
            runtime.tcpPorts.add(EngineConnections.NATT_PORT);
            engine.onEvent(runtime::onEvent);
            transport.onStreamReconnected(runtime::streamReconnected);
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

    /**
     * From now on, tunnels are mapped to engine connections with {@code changed}'s certificate, and the
     * engine defends with {@code changed}'s thresholds (at once, for the next IKE_SA_INIT);
     * {@code changed} is this gateway with another certificate, name or defences, never other addresses.
     * The running tunnels keep their certificate until {@link #updateCredentials}.
     */
    public synchronized void useSettingsOf(LocalGateway changed) {
        if (!changed.addresses().equals(gateway.addresses())) throw new IllegalArgumentException("the gateway's addresses cannot change");
        GatewayDefence defence = defence(changed);
        if (!defence.equals(defence(gateway))) engine.updateDefence(defence.cookieThreshold(), EngineDefence.defence(defence));
        gateway = changed;
    }

    /** The gateway's defence settings, its defaults filled in (a gateway from a file or snapshot has them already). */
    private static GatewayDefence defence(LocalGateway g) {
        return g.spec().withDefaults().defence();
    }

    public synchronized void add(ResolvedTunnel t) {
        String name = t.name();
        if (tunnels.containsKey(name)) throw new IllegalStateException("tunnel " + name + " exists already");
        register(t);
        routes(t).forEach(p -> TunRoutes.route(p, tunName));
        peerAddress(t).ifPresent(peer -> connect(t, peer));
    }

    /**
     * A remote-access endpoint (EAP clients, virtual IPs from its pools) under {@code policy}, with this
     * gateway's certificate as it is now: the engine answers its clients, and the pools, where their
     * virtual IPs are, are routed into the TUN so that what goes back to them is sent through their Child SAs.
     */
    public synchronized void addRemoteAccess(RemoteAccessEndpointSpec endpoint, CryptoPolicySpec policy)
            throws EngineConnections.UnsupportedException {
        if (remoteAccessPools.containsKey(endpoint.name())) throw new IllegalStateException("remote-access endpoint " + endpoint.name() + " exists already");
        ConnectionConfig connection = EngineConnections.remoteAccess(gateway, endpoint, policy);
        List<Prefix> pools = endpoint.addressPools().stream().map(Prefix::parse).toList();
        remoteAccessPools.put(endpoint.name(), pools);
        pools.forEach(p -> TunRoutes.route(p, tunName));
        engine.addConnection(connection);
    }

    /**
     * Ends a remote-access endpoint: its clients' IKE SAs are deleted (each client gets an IKE Delete,
     * and its virtual IP goes back to the pool with its IKE SA), and its pools leave the TUN's routes.
     */
    public synchronized void removeRemoteAccess(String name) {
        List<Prefix> pools = remoteAccessPools.remove(name);
        if (pools == null) return;
        engine.removeConnection(name);
        Set<Prefix> used = remoteAccessPools.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        unrouteUnused(pools.stream().filter(p -> !used.contains(p)).toList());
    }

    /** Sends a remote-access client an IKE Delete (its virtual IP goes back with the IKE SA); false when it is gone. */
    public boolean disconnect(String endpoint, long initiatorSpi) {
        return engine.deleteIke(endpoint, initiatorSpi);
    }

    public synchronized Set<String> remoteAccessNames() {
        return Set.copyOf(remoteAccessPools.keySet());
    }

    /**
     * New settings for a tunnel: its SAs are set up anew, and the old ones go once the new ones are up.
     * A new peer name that was not resolved before takes effect when it resolves; the old settings run
     * until then.
     */
    public synchronized void replace(ResolvedTunnel t) {
        String name = t.name();
        ResolvedTunnel before = tunnels.get(name);
        if (before == null) throw new IllegalStateException("no tunnel " + name);
        register(t);
        routes(t).forEach(p -> TunRoutes.route(p, tunName));
        unrouteUnused(routes(before));
        peerAddress(t).ifPresent(peer -> connect(t, peer));
    }

    /**
     * New credentials for a tunnel whose settings are otherwise the same: its SAs keep running, and
     * its next IKE SA (a redial, the peer's reauthentication, a replacement) authenticates with them.
     * A peer whose DNS name has not resolved yet gets the tunnel with them once it does.
     */
    public synchronized void updateCredentials(ResolvedTunnel t) {
        String name = t.name();
        if (!tunnels.containsKey(name)) throw new IllegalStateException("no tunnel " + name);
        register(t);
        EngineTunnel running = inEngine.get(name);
        if (running == null) return;
        Optional<EngineTunnel> renewed = mapped(t, running.connection().remote().getAddress());
        if (renewed.isEmpty()) return;
        inEngine.put(name, renewed.get());
        engine.updateCredentials(renewed.get().connection());
        LOG.info(() -> "tunnel " + name + ": new credentials for its next IKE SA; its SAs keep running");
        // a redial scheduled for the entry replaced above gives way (see redial), so a tunnel that is down starts now
        if (initiates(t) && engine.ikeSas(name).isEmpty()) engine.initiate(name);
    }

    /** Deletes the tunnel's SAs (the peer gets IKE Deletes) and forgets it. */
    public synchronized void remove(String name) {
        ResolvedTunnel before = tunnels.remove(name);
        if (before == null) return;
        redialDelays.remove(name);
        restarting.remove(name);
        peerAddresses.unwatch(name);
        EngineTunnel running = inEngine.remove(name);
        if (running != null) {
            engine.removeConnection(name);
            closeIdleStreamsLater(running.connection().remote().getAddress());
        }
        sink.forgetReplayWindow(name);
        unrouteUnused(routes(before));
    }

    private void register(ResolvedTunnel t) {
        acceptTcpOn(t.cryptoPolicy().tcpPort());
        tunnels.put(t.name(), t);
        sink.replayWindow(t.name(), t.cryptoPolicy().replayWindow());
    }

    /** The gateway accepts streams on a policy's TCP port too (a symmetric peer connects to it), from its first tunnel on. */
    private void acceptTcpOn(int port) {
        if (!tcpPorts.add(port)) return;
        for (InetAddress a : gateway.addresses()) dataPlane.listenTcp(new InetSocketAddress(a, port));
    }

    /**
     * A stream we originated to {@code remote} is back after a reset: each tunnel to that peer checks
     * liveness over it (an INFORMATIONAL), which tells the peer which stream its IKE SA is on now
     * (RFC 9329: it finds the IKE SA by its SPIs) and moves the peer's ESP onto it.
     */
    private synchronized void streamReconnected(InetSocketAddress remote) {
        for (Map.Entry<String, EngineTunnel> e : inEngine.entrySet()) {
            if (e.getValue().connection().remote().getAddress().equals(remote.getAddress())) {
                LOG.info(() -> "tunnel " + e.getKey() + ": TCP stream to " + remote + " connected again");
                engine.checkLiveness(e.getKey());
            }
        }
    }

    /**
     * When no tunnel to a peer has an IKE SA over TCP left, the streams we originated to it carry nothing and
     * would only connect again after each reset: they end, after a grace that lets the last IKE
     * Delete go out on them.
     */
    private void closeIdleStreamsLater(InetAddress peer) {
        if (closed) return;
        redials.schedule(() -> {
            synchronized (this) {
                boolean inUse = inEngine.entrySet().stream().anyMatch(e -> e.getValue().connection().remote().getAddress().equals(peer)
                        && engine.ikeSas(e.getKey()).stream().anyMatch(sa -> sa.carrier() == Carrier.TCP));
                if (!closed && !inUse) dataPlane.streams().closeOriginatedTo(peer);
            }
        }, STREAM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An IP literal at once; a DNS name's address if it is known, and from the background lookup later. */
    private Optional<InetAddress> peerAddress(ResolvedTunnel t) {
        Optional<InetAddress> literal = t.peer().ipAddress();
        if (literal.isPresent()) {
            peerAddresses.unwatch(t.name());
            return literal;
        }
        return peerAddresses.watch(t.name(), t.peer().address(),
                address -> EngineConnections.localAddressFor(gateway, address).isPresent(), new PeerAddresses.Watcher() {
                    @Override
                    public void resolved(InetAddress address) {
                        peerResolved(t.name(), t.peer().address(), address);
                    }

                    @Override
                    public void unresolvable(String reason) {
                        unreachable.accept(t.name(), reason);
                    }
                });
    }

    /**
     * From the lookup thread: the first address of a DNS-named peer, or a new one, for the tunnel as
     * it is now (its credentials may have changed since it started watching, see {@link #updateCredentials}).
     */
    private synchronized void peerResolved(String tunnel, String peerName, InetAddress address) {
        ResolvedTunnel t = tunnels.get(tunnel);
        if (closed || t == null || !t.peer().address().equals(peerName)) return; // removed, or names another peer now
        connect(t, address);
    }

    /**
     * Gives the engine the tunnel's connection to {@code peer}: a new tunnel is set up (if it
     * initiates), new settings replace the old make-before-break, and a peer that moved only
     * changes where new IKE SAs go.
     */
    private void connect(ResolvedTunnel t, InetAddress peer) {
        String name = t.name();
        EngineTunnel before = inEngine.get(name);
        if (before != null && before.tunnel() == t && before.connection().remote().getAddress().equals(peer)) return;
        Optional<EngineTunnel> maybeMapped = mapped(t, peer);
        if (maybeMapped.isEmpty()) return;
        EngineTunnel mapped = maybeMapped.get();
        inEngine.put(name, mapped);
        if (before != null && before.tunnel() == t) {
            LOG.info(() -> "tunnel " + name + ": peer " + t.peer().address() + " moved to " + peer.getHostAddress());
            engine.addConnection(mapped.connection());
            return;
        }
        if (before == null) {
            engine.addConnection(mapped.connection());
        } else {
            engine.replaceConnection(mapped.connection());
        }
        if (initiates(t) && engine.ikeSas(name).isEmpty()) engine.initiate(name);
    }

    /** The tunnel's engine connection to {@code peer}; empty, reported as the tunnel's state, if the engine cannot run it. */
    private Optional<EngineTunnel> mapped(ResolvedTunnel t, InetAddress peer) {
        try {
            return Optional.of(EngineConnections.withQkd(EngineConnections.of(gateway, t, peer), kme, qkdKeyBits));
        } catch (EngineConnections.UnsupportedException e) {
            // Checked before it was applied, but for the family of a DNS-named peer's address, which the lookup filters
            LOG.warning(e.getMessage());
            unreachable.accept(t.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The routes into the TUN a tunnel needs: its remote selectors, each address range as the prefixes it is made of. */
    private static List<Prefix> routes(ResolvedTunnel t) {
        return t.remoteTrafficSelectors().stream().flatMap(r -> r.prefixes().stream()).toList();
    }

    /** Routes only go when no remaining tunnel needs them (two tunnels may reach one subnet). */
    private void unrouteUnused(List<Prefix> prefixes) {
        Set<Prefix> used = tunnels.values().stream().flatMap(t -> routes(t).stream()).collect(Collectors.toSet());
        prefixes.stream().filter(p -> !used.contains(p)).forEach(p -> TunRoutes.unroute(p, tunName));
    }

    private static boolean initiates(ResolvedTunnel t) {
        return t.cryptoPolicy().initiates();
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
        EngineTunnel running = inEngine.get(name);
        if (running != null) closeIdleStreamsLater(running.connection().remote().getAddress());
        ResolvedTunnel t = tunnels.get(name);
        if (t == null) return;
        if (down.peerDead()) {
            if ("restart".equals(t.cryptoPolicy().dpd().action())) restarting.add(name);
            else restarting.remove(name);
            return;
        }
        if (initiates(t) || restarting.contains(name)) scheduleRedial(name, t);
    }

    /** A tunnel that lost its last IKE SA is set up again, sooner after a success than after failures. */
    private void scheduleRedial(String name, ResolvedTunnel t) {
        if (closed) return;
        Duration delay = redialDelays.getOrDefault(name, FIRST_REDIAL);
        redialDelays.put(name, delay.multipliedBy(2).compareTo(LAST_REDIAL) > 0 ? LAST_REDIAL : delay.multipliedBy(2));
        LOG.info(() -> "tunnel " + name + " is down; setting it up again in " + delay.toSeconds() + " s");
        redials.schedule(() -> redial(name, t), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void redial(String name, ResolvedTunnel scheduledFor) {
        // Not if the tunnel was removed or changed meanwhile (a change sets it up itself), or came back.
        if (closed || tunnels.get(name) != scheduledFor || inEngine.get(name) == null || !engine.ikeSas(name).isEmpty()) return;
        engine.initiate(name);
    }

    /** The engine's IKE SAs of a tunnel, for status output. */
    public List<IkeSa> ikeSas(String tunnel) {
        return engine.ikeSas(tunnel);
    }

    /** A tunnel's IKE SAs with their Child SAs, each read consistently on its own IKE SA's thread (an operator's listing). */
    public List<IkeSaView> saViews(String tunnel) {
        return engine.saViews(tunnel, VIEW_TIMEOUT);
    }

    public synchronized List<String> tunnelNames() {
        return List.copyOf(tunnels.keySet());
    }

    /** The settings a tunnel runs with. */
    public synchronized Optional<ResolvedTunnel> tunnel(String name) {
        return Optional.ofNullable(tunnels.get(name));
    }

    /**
     * Sets up a new IKE SA with the tunnel's Child SA now (an operator's command; the engine's own
     * timers rekey).
     *
     * @throws IllegalStateException when the tunnel's peer is named by DNS and has no address yet
     */
    public synchronized void initiate(String tunnel) {
        ResolvedTunnel t = tunnels.get(tunnel);
        if (t == null) throw new IllegalArgumentException("no tunnel " + tunnel);
        if (!inEngine.containsKey(tunnel)) {
            throw new IllegalStateException(tunnel + ": the peer's name " + t.peer().address()
                    + " has not resolved to an address the gateway can reach yet");
        }
        engine.initiate(tunnel);
    }

    /**
     * Deletes the tunnel's IKE SAs (IKE Delete to the peer). A tunnel with start action "initiate" is
     * set up again as after any loss; the configuration says it should be up.
     */
    public void terminate(String tunnel) {
        engine.deleteIke(tunnel);
    }

    public void rekeyIke(String tunnel) {
        engine.rekeyIke(tunnel);
    }

    public void rekeyChildSas(String tunnel) {
        engine.rekeyChildren(tunnel);
    }

    /** The data path's TCP streams (RFC 9329): counters, and each stream, for status and tests. */
    public net.vpnaas.dataplane.stream.TcpEncapsulation streams() {
        return dataPlane.streams();
    }

    /**
     * The data path's ESP counters for the cluster's state sync: snapshots while active; import, and the advance
     * before the IKE SAs are imported into the engine, on takeover.
     */
    public net.vpnaas.dataplane.sync.EspCounterSync espCounterSync() {
        return dataPlane.counterSync();
    }

    /** Counters of the Child SA with this inbound SPI, from the data path. */
    public Optional<ChildSaUsage> usage(long inboundSpi) {
        return sink.usage(inboundSpi);
    }

    /** What the IKE responder does against floods now (RFC 8019), for telemetry. */
    public DefenceState defenceState() {
        return engine.defenceState();
    }

    /** Sends IKE Deletes for every tunnel, gives them {@code grace} to go out, then stops everything. */
    public void shutdown(Duration grace) {
        closed = true;
        for (String name : tunnelNames()) {
            int sas = engine.ikeSas(name).size();
            LOG.info(() -> "deleting tunnel " + name + (sas == 0 ? ": no IKE SA" : ": IKE Delete for its " + sas + " IKE SA" + (sas > 1 ? "s" : "")));
            engine.deleteIke(name);
        }
        for (String name : remoteAccessNames()) engine.deleteIke(name); // each client gets an IKE Delete
        try {
            Thread.sleep(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        closed = true;
        redials.shutdownNow();
        peerAddresses.close();
        engine.close();
        dataPlane.close();
        transport.close();
    }
}
