package net.vpnaas.dataplane.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * IKE and ESP over TCP (RFC 9329) for a gateway: the listeners that accept streams, the streams we
 * originate, and the table that finds a stream by its two ends. Like UDP port 4500, a stream
 * carries both IKE and ESP, so it belongs to the data path, which hands IKE messages up.
 *
 * <p>Anyone can connect, so what a connection may cost is bounded: at most {@link Limits#perAddress}
 * connections from one address and {@link Limits#total} in all (more are closed at once); the prefix
 * must come within {@link Limits#prefixTimeout} and a started frame complete within
 * {@link Limits#frameTimeout}, else the connection is closed (a slowloris holds a buffer no longer);
 * per connection at most one 64 KiB read buffer, one frame of 64 KiB, one decryption buffer and two
 * send buffers of {@link Limits#sendBuffer}. Every refusal is counted ({@link #counters}). Reads and
 * writes run on each connection's own (virtual) threads, never on the caller's.
 */
public final class TcpEncapsulation implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TcpEncapsulation.class.getName());

    /**
     * @param perAddress    connections accepted from one source address at once
     * @param total         connections accepted at once
     * @param prefixTimeout time an accepted connection has to send {@code IKETCP}
     * @param frameTimeout  time a frame may take from its first byte to its last
     * @param sendBuffer    bytes queued per connection before frames are dropped
     */
    public record Limits(int perAddress, int total, Duration prefixTimeout, Duration frameTimeout, int sendBuffer) {
        /**
         * A gateway serves a few peers per address (a site, perhaps with a rekey's second IKE SA); 10 s
         * is ample for six bytes or one frame on any path that can carry a tunnel.
         */
        public static final Limits DEFAULT = new Limits(8, 128, Duration.ofSeconds(10), Duration.ofSeconds(10), 256 * 1024);

        public Limits {
            if (perAddress < 1 || total < perAddress || sendBuffer < StreamFrameParser.MAX_FRAME) {
                throw new IllegalArgumentException("bad TCP encapsulation limits");
            }
        }
    }

    /** Where IKE goes, and who hears that an originated stream is back after a reset. */
    public interface Receiver {
        void ike(InetSocketAddress local, InetSocketAddress remote, byte[] message);

        /** The stream we originated to {@code remote} was connected again: the IKE SA on it should show itself. */
        void reconnected(InetSocketAddress local, InetSocketAddress remote);
    }

    /** Opens ESP packets and delivers their inner packets; one per reading thread. */
    public interface EspDelivery extends AutoCloseable {
        void deliver(ByteBuffer esp);

        /** Everything one read brought has been delivered: what was held back to merge goes out now. */
        default void endOfRead() {}

        @Override
        void close();
    }

    private record Key(InetAddress local, InetSocketAddress remote) {}

    private final Limits limits;
    private final Receiver receiver;
    private final Supplier<EspDelivery> esp;
    final StreamCounters counters = new StreamCounters();
    private final Map<Key, StreamLink> links = new ConcurrentHashMap<>();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final ScheduledExecutorService reaper =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("tcp-encap-reaper").factory());
    private volatile boolean closed;

    public TcpEncapsulation(Limits limits, Receiver receiver, Supplier<EspDelivery> esp) {
        this.limits = limits;
        this.receiver = receiver;
        this.esp = esp;
        reaper.scheduleWithFixedDelay(this::reap, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Accepts streams on {@code address} (port 4500 by default, or e.g. 443). */
    public synchronized InetSocketAddress listen(InetSocketAddress address) {
        ServerSocketChannel server = null;
        InetSocketAddress bound;
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 64);
            bound = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            if (server != null) close(server);
            throw new UncheckedIOException("cannot listen on TCP " + address, e);
        }
        listeners.add(server);
        ServerSocketChannel accepting = server;
        Thread.ofVirtual().name("tcp-encap-accept-" + bound).start(() -> acceptLoop(accepting, bound));
        return bound;
    }

    private void acceptLoop(ServerSocketChannel server, InetSocketAddress local) {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "TCP accept on " + local + " failed", e);
                continue;
            }
            try {
                admit(ch, local);
            } catch (IOException | RuntimeException e) {
                close(ch);
                LOG.log(Level.INFO, "TCP connection on " + local + " dropped", e);
            }
        }
    }

    private void admit(SocketChannel ch, InetSocketAddress local) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
        long accepted = links.values().stream().filter(l -> !l.originator()).count();
        long fromThere = links.values().stream().filter(l -> !l.originator() && l.remote().getAddress().equals(remote.getAddress())).count();
        if (accepted >= limits.total()) {
            counters.refusedTotal.increment();
            close(ch);
            return;
        }
        if (fromThere >= limits.perAddress()) {
            counters.refusedPerAddress.increment();
            close(ch);
            return;
        }
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        StreamLink link = new StreamLink(this, local, remote, false, limits.sendBuffer());
        StreamLink before = links.put(new Key(local.getAddress(), remote), link);
        if (before != null) before.close();
        counters.accepted.increment();
        link.startAccepted(ch);
    }

    /**
     * The stream to {@code remote} from our address {@code local}: the one accepted from there, or the
     * one we originate, connecting now (in the background) if {@code originate} and there is none.
     */
    public Optional<StreamLink> link(InetSocketAddress local, InetSocketAddress remote, boolean originate) {
        Key key = new Key(local.getAddress(), remote);
        StreamLink link = links.get(key);
        if (link != null || !originate || closed) return Optional.ofNullable(link);
        StreamLink[] created = new StreamLink[1];
        link = links.computeIfAbsent(key, k -> created[0] = new StreamLink(this, local, remote, true, limits.sendBuffer()));
        if (link == created[0]) link.startOriginating();
        return Optional.of(link);
    }

    /** Sends an IKE message on the stream between the two ends; an IKE_SA_INIT request of ours may open it. */
    public boolean sendIke(InetSocketAddress local, InetSocketAddress remote, byte[] message, boolean originate) {
        Optional<StreamLink> link = link(local, remote, originate);
        if (link.isEmpty()) {
            counters.sendDrops.increment();
            return false;
        }
        return link.get().sendIke(message);
    }

    /** Ends the streams we originated to {@code peer} (its tunnels are down: nothing is left to carry). */
    public void closeOriginatedTo(InetAddress peer) {
        for (StreamLink l : List.copyOf(links.values())) {
            if (l.originator() && l.remote().getAddress().equals(peer)) l.close();
        }
    }

    /** Every stream now, for status and tests. */
    public List<StreamLink> links() {
        return List.copyOf(links.values());
    }

    public StreamCounters.Snapshot counters() {
        return counters.snapshot();
    }

    void ike(StreamLink link, byte[] message) {
        receiver.ike(link.local(), link.remote(), message);
    }

    void reconnected(StreamLink link) {
        receiver.reconnected(link.local(), link.remote());
    }

    EspDelivery espDelivery() {
        return esp.get();
    }

    void forget(StreamLink link) {
        links.remove(new Key(link.local().getAddress(), link.remote()), link);
    }

    /** Closes accepted connections that did not send the prefix, or sat on a frame, for too long. */
    private void reap() {
        long now = System.nanoTime();
        for (StreamLink l : links.values()) {
            if (l.originator()) continue;
            if (!l.prefixDone && now - l.connectedAt > limits.prefixTimeout().toNanos()) {
                counters.prefixTimeouts.increment();
                LOG.info(() -> l + ": no stream prefix within " + limits.prefixTimeout().toMillis() + " ms");
                l.close();
            } else if (l.frameStartedAt != 0 && now - l.frameStartedAt > limits.frameTimeout().toNanos()) {
                counters.stalledFrames.increment();
                LOG.info(() -> l + ": a frame took longer than " + limits.frameTimeout().toMillis() + " ms");
                l.close();
            }
        }
    }

    private static void close(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        reaper.shutdownNow();
        listeners.forEach(TcpEncapsulation::close);
        links.values().forEach(StreamLink::close);
    }
}
