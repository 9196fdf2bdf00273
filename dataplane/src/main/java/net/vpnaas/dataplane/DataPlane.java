package net.vpnaas.dataplane;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.vpnaas.dataplane.mtu.PacketTooBigReport;
import net.vpnaas.dataplane.mtu.PathMtuListener;
import net.vpnaas.dataplane.net.EspSocket;
import net.vpnaas.dataplane.net.SockAddr;
import net.vpnaas.dataplane.sad.ChildSa;
import net.vpnaas.dataplane.sad.ChildSaConfig;
import net.vpnaas.dataplane.sad.OuterEndpoints;
import net.vpnaas.dataplane.sad.OuterRoute;
import net.vpnaas.dataplane.sad.SaEventListener;
import net.vpnaas.dataplane.sad.SaUsage;
import net.vpnaas.dataplane.sad.Sad;
import net.vpnaas.dataplane.spd.Spd;
import net.vpnaas.dataplane.spd.TrafficPolicy;
import net.vpnaas.dataplane.stream.StreamLink;
import net.vpnaas.dataplane.stream.TcpEncapsulation;
import net.vpnaas.dataplane.sync.DataPlaneCounterSync;
import net.vpnaas.dataplane.sync.EspCounterSync;
import net.vpnaas.dataplane.sync.SequenceAdvance;
import net.vpnaas.dataplane.tun.TunDevice;
import net.vpnaas.dataplane.worker.BypassSender;
import net.vpnaas.dataplane.worker.DataPathCounters;
import net.vpnaas.dataplane.worker.DatagramDemux;
import net.vpnaas.dataplane.worker.IkeReceiver;
import net.vpnaas.dataplane.worker.InboundProcessor;
import net.vpnaas.dataplane.worker.InboundWorker;
import net.vpnaas.dataplane.worker.OutboundProcessor;
import net.vpnaas.dataplane.worker.OutboundWorker;
import net.vpnaas.dataplane.worker.StreamInbound;

/**
 * A running ESP data path: TUN device, ESP sockets, SAD/SPD and worker threads. The operations
 * map one to one onto the IKE engine's {@code SaSink} and may be called from any thread.
 */
public final class DataPlane implements AutoCloseable {
    private final DataPlaneConfig config;
    private final TunDevice tun;
    private final List<EspSocket> sockets;
    private final BypassSender bypass;
    private final List<PathMtuListener> mtuListeners = new ArrayList<>();
    private final Sad sad;
    private final Spd spd = new Spd();
    private final DataPathCounters counters = new DataPathCounters();
    private final ForwardingListener listener = new ForwardingListener();
    private final List<Runnable> stoppers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final DataPlaneCounterSync counterSync;
    private TcpEncapsulation streams;

    private DataPlane(DataPlaneConfig config, TunDevice tun, List<EspSocket> sockets, BypassSender bypass) {
        this.config = config;
        this.tun = tun;
        this.sockets = sockets;
        this.bypass = bypass;
        this.sad = new Sad(listener);
        this.counterSync = new DataPlaneCounterSync(sad, SequenceAdvance.DEFAULT, System::nanoTime);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("dp-timer").factory());
    }

    /** Opens the TUN device and sockets and starts one outbound worker per TUN queue and one inbound worker per socket. */
    public static DataPlane start(DataPlaneConfig config, IkeReceiver ike) {
        List<EspSocket> sockets = new ArrayList<>();
        TunDevice tun = null;
        BypassSender bypass = null;
        try {
            tun = TunDevice.open(config.tunName(), config.queues(), config.tunOffloads());
            for (InetSocketAddress local : config.udpListen()) sockets.add(EspSocket.udp(local));
            for (InetAddress local : config.rawListen()) sockets.add(EspSocket.raw(new InetSocketAddress(local, 0)));
            bypass = config.bypassUnmatched() ? BypassSender.open() : BypassSender.disabled();
        } catch (RuntimeException e) {
            sockets.forEach(EspSocket::close);
            if (tun != null) tun.close();
            throw e;
        }
        DataPlane dp = new DataPlane(config, tun, List.copyOf(sockets), bypass);
        dp.startWorkers(ike);
        return dp;
    }

    private void startWorkers(IkeReceiver ike) {
        streams = new TcpEncapsulation(TcpEncapsulation.Limits.DEFAULT, new TcpEncapsulation.Receiver() {
            @Override
            public void ike(InetSocketAddress local, InetSocketAddress remote, byte[] message) {
                ike.receivedOnStream(local, remote, message);
            }

            @Override
            public void reconnected(InetSocketAddress local, InetSocketAddress remote) {
                ike.streamReconnected(local, remote);
            }
        }, () -> new StreamInbound(new InboundProcessor(sad, spd, counters), tun.queues().get(0), tun.offloads(), counters));
        for (int q = 0; q < tun.queues().size(); q++) {
            var processor = new OutboundProcessor(sad, spd, counters, config.bypassUnmatched());
            var worker = new OutboundWorker(tun.queues().get(q), tun.offloads(), processor, bypass, counters);
            stoppers.add(worker::stop);
            threads.add(Thread.ofPlatform().daemon().name("dp-out-" + q).start(worker));
        }
        for (int s = 0; s < sockets.size(); s++) {
            EspSocket socket = sockets.get(s);
            var processor = new InboundProcessor(sad, spd, counters);
            var worker = new InboundWorker(socket, processor, tun.queues().get(s % tun.queues().size()), tun.offloads(), ike, counters);
            stoppers.add(worker::stop);
            threads.add(Thread.ofPlatform().daemon().name("dp-in-" + socket.kind() + "-" + s).start(worker));
        }
        timer.scheduleAtFixedRate(() -> sad.tick(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
        for (boolean ipv6 : new boolean[] {false, true}) {
            try {
                PathMtuListener listener = PathMtuListener.open(ipv6, this::onPacketTooBig);
                mtuListeners.add(listener);
                threads.add(Thread.ofPlatform().daemon().name("dp-pmtu-" + (ipv6 ? 6 : 4)).start(listener));
            } catch (RuntimeException e) {
                // without IPv6 (or raw sockets) the configured MTU stays in force
            }
        }
    }

    /** Where lifetime expiries and acquires go; may be set or replaced at any time. */
    public void setListener(SaEventListener target) {
        listener.target = target;
    }

    /** Installs both directions; fails if the inbound SPI is taken or no socket serves the endpoints. */
    public void addChildSa(ChildSaConfig sa) {
        sad.add(sa, routeFor(sa.endpoints()), config.pathMtu());
    }

    public void updateEndpoints(long inboundSpi, OuterEndpoints endpoints) {
        sad.moveTo(inboundSpi, routeFor(endpoints));
    }

    public void deleteChildSa(long inboundSpi) {
        sad.delete(inboundSpi);
    }

    public void installPolicy(TrafficPolicy policy) {
        spd.install(policy);
    }

    public void removePolicy(TrafficPolicy policy) {
        spd.remove(policy);
    }

    /** RFC 6311: see {@link ChildSa#advanceOutbound}. Unknown SPI: no-op. */
    public void advanceOutboundSequence(long inboundSpi, long delta) {
        sad.byInboundSpi(inboundSpi).ifPresent(sa -> sa.advanceOutbound(delta));
    }

    /** RFC 6311: see {@link net.vpnaas.dataplane.replay.ReplayWindow#advance}. Unknown SPI: no-op. */
    public void advanceReplayWindow(long inboundSpi, long delta) {
        sad.byInboundSpi(inboundSpi).ifPresent(sa -> sa.replayWindow().advance(delta));
    }

    /** The ESP counters for a cluster's state sync: snapshots on the active, import and takeover on a standby. */
    public EspCounterSync counterSync() {
        return counterSync;
    }

    public Optional<SaUsage> usage(long inboundSpi) {
        return sad.byInboundSpi(inboundSpi).map(ChildSa::usage);
    }

    /**
     * An ICMP Packet Too Big (from our own ICMP listener, or from the caller). Believed only if it
     * quotes a packet an SA of ours sent recently (see {@link ChildSa#sent}): then the path MTU of
     * every SA between the same two outer addresses goes down, never below the protocol minimum.
     * Anything else (forged, about an SA long gone, quoting too little to tell) is counted and ignored.
     *
     * @return whether the report was believed
     */
    public boolean onPacketTooBig(PacketTooBigReport report) {
        List<ChildSa> all = sad.all();
        Optional<ChildSa> sender = all.stream().filter(sa -> sa.sent(report)).findFirst();
        if (sender.isEmpty()) {
            counters.countUnverifiedPacketTooBig();
            return false;
        }
        OuterEndpoints path = sender.get().route().endpoints();
        for (ChildSa sa : all) {
            OuterEndpoints e = sa.route().endpoints();
            if (e.local().getAddress().equals(path.local().getAddress()) && e.remote().getAddress().equals(path.remote().getAddress())) {
                sa.mtu().onPacketTooBig(report.mtu());
            }
        }
        return true;
    }

    public DataPathCounters.Snapshot counters() {
        return counters.snapshot();
    }

    /**
     * Accepts IKE and ESP over TCP (RFC 9329) on {@code local} (port 4500 by default, any port
     * configurable); returns the address bound.
     */
    public InetSocketAddress listenTcp(InetSocketAddress local) {
        return streams.listen(local);
    }

    /** The TCP streams (RFC 9329): their counters, and each stream for status. */
    public TcpEncapsulation streams() {
        return streams;
    }

    /**
     * Sends an IKE message on the TCP stream between {@code local}'s address and {@code remote};
     * {@code originate}: connect to {@code remote} if there is no stream yet (our IKE_SA_INIT request).
     * Never blocks: false if it was dropped.
     */
    public boolean sendIkeOnStream(InetSocketAddress local, InetSocketAddress remote, byte[] message, boolean originate) {
        return streams.sendIke(local, remote, message, originate);
    }

    /** Sends an IKE message from the UDP socket bound to {@code local}, with the non-ESP marker (RFC 3948 2.2). */
    public boolean sendIke(InetSocketAddress local, InetSocketAddress remote, byte[] message) {
        byte[] marked = new byte[message.length + 4];
        System.arraycopy(message, 0, marked, 4, message.length);
        return find(EspSocket.Kind.UDP, local).sendDatagram(remote, marked);
    }

    /**
     * Sends a NAT keepalive (RFC 3948 2.3) from the UDP socket bound to {@code local}: the one byte
     * {@link DatagramDemux#NAT_KEEPALIVE}, which keeps a NAT's mapping and which the peer discards.
     */
    public boolean sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
        return find(EspSocket.Kind.UDP, local).sendDatagram(remote, new byte[] {DatagramDemux.NAT_KEEPALIVE});
    }

    private OuterRoute routeFor(OuterEndpoints endpoints) {
        if (endpoints.tcpEncapsulation()) {
            StreamLink link = streams.link(endpoints.local(), endpoints.remote(), false)
                    .orElseThrow(() -> new IllegalArgumentException("no TCP stream between " + endpoints.local() + " and " + endpoints.remote()));
            return new OuterRoute(null, sockaddr(endpoints.remote()), endpoints, link);
        }
        EspSocket socket = find(endpoints.udpEncapsulation() ? EspSocket.Kind.UDP : EspSocket.Kind.RAW, endpoints.local());
        InetSocketAddress remote = endpoints.udpEncapsulation()
                ? endpoints.remote() : new InetSocketAddress(endpoints.remote().getAddress(), 0);
        return new OuterRoute(socket, sockaddr(remote), endpoints);
    }

    private static byte[] sockaddr(InetSocketAddress address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(SockAddr.MAX_LENGTH);
            int length = SockAddr.write(address, seg, 0);
            return seg.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private EspSocket find(EspSocket.Kind kind, InetSocketAddress local) {
        for (EspSocket s : sockets) {
            boolean sameAddress = s.local().getAddress().equals(local.getAddress()) || s.local().getAddress().isAnyLocalAddress();
            boolean samePort = kind == EspSocket.Kind.RAW || s.local().getPort() == local.getPort();
            if (s.kind() == kind && s.family() == SockAddr.family(local.getAddress()) && sameAddress && samePort) return s;
        }
        throw new IllegalArgumentException("no " + kind + " socket listens on " + local);
    }

    @Override
    public void close() {
        stoppers.forEach(Runnable::run);
        streams.close();
        mtuListeners.forEach(PathMtuListener::close);
        timer.shutdownNow();
        sockets.forEach(EspSocket::close);
        tun.close();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        bypass.close();
    }

    /** Lets the listener be set after start, as SaSink.setListener does. */
    private static final class ForwardingListener implements SaEventListener {
        volatile SaEventListener target;

        @Override
        public void expired(long inboundSpi, Limit limit) {
            SaEventListener t = target;
            if (t != null) t.expired(inboundSpi, limit);
        }

        @Override
        public void acquire(int reqid) {
            SaEventListener t = target;
            if (t != null) t.acquire(reqid);
        }
    }
}
