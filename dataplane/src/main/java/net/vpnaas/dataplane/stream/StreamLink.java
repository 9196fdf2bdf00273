package net.vpnaas.dataplane.stream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The TCP stream of one IKE SA and its Child SAs (RFC 9329): IKE messages and ESP packets framed on
 * one connection. Child SAs route their ESP here, and keep this object when the connection under it
 * changes: the side that originated it connects again after a reset and goes on (section 6), so
 * neither the IKE SA nor its Child SAs notice more than lost packets. An accepted link ends with its
 * connection; the peer's next connection is a new link, which the IKE SA finds by its SPI.
 *
 * <p>Sending never blocks the caller (an IKE SA's thread, a data path worker): frames go into a
 * bounded buffer, which one writer thread drains into the socket, all that piled up in one write;
 * a frame that does not fit is dropped and counted, as a full socket buffer drops a UDP datagram.
 */
public final class StreamLink {
    private static final Logger LOG = Logger.getLogger(StreamLink.class.getName());
    private static final long FIRST_RETRY_MS = 100;
    private static final long LAST_RETRY_MS = 5_000;
    private static final int READ_BUFFER = 64 * 1024;

    private final TcpEncapsulation host;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final boolean originator;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    /** Guarded by lock: frames waiting for the writer, the connection now (null between two), whether it still needs the prefix. */
    private ByteBuffer pending;
    private ByteBuffer writing;
    private SocketChannel channel;
    private boolean prefixDue;
    private volatile boolean closed;
    /** For the reaper: when the connection began, when its current frame began (0: none open), whether the prefix came. */
    volatile long connectedAt = System.nanoTime();
    volatile long frameStartedAt;
    volatile boolean prefixDone;

    StreamLink(TcpEncapsulation host, InetSocketAddress local, InetSocketAddress remote, boolean originator, int sendBuffer) {
        this.host = host;
        this.local = local;
        this.remote = remote;
        this.originator = originator;
        this.pending = ByteBuffer.allocateDirect(sendBuffer);
        this.writing = ByteBuffer.allocateDirect(sendBuffer);
        this.prefixDone = originator;
    }

    /** Our end as the IKE engine names it. */
    public InetSocketAddress local() {
        return local;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** Whether we opened the connection (and open it again after a reset). */
    public boolean originator() {
        return originator;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Starts connecting in the background (originator). */
    void startOriginating() {
        Thread.ofVirtual().name("tcp-encap-out-" + remote).start(this::originateLoop);
        Thread.ofVirtual().name("tcp-encap-write-" + remote).start(this::writeLoop);
    }

    /** Serves a connection the listener accepted. */
    void startAccepted(SocketChannel accepted) {
        lock.lock();
        try {
            channel = accepted;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("tcp-encap-write-" + remote).start(this::writeLoop);
        Thread.ofVirtual().name("tcp-encap-in-" + remote).start(() -> {
            readLoop(accepted, new StreamFrameParser(true));
            close();
        });
    }

    /** Queues an ESP packet (position to limit); false if dropped. */
    public boolean sendEsp(ByteBuffer packet) {
        return send(packet, false);
    }

    /** Queues an IKE message; false if dropped. */
    public boolean sendIke(byte[] message) {
        return send(ByteBuffer.wrap(message), true);
    }

    private boolean send(ByteBuffer payload, boolean ike) {
        int framed = StreamFrameParser.framed(payload.remaining(), ike);
        lock.lock();
        try {
            // An originator keeps frames while it connects again; an accepted link without its connection is over.
            if (closed || (channel == null && !originator) || framed > StreamFrameParser.MAX_FRAME || framed > pending.remaining()) {
                host.counters.sendDrops.increment();
                return false;
            }
            boolean wasEmpty = pending.position() == 0;
            StreamFrameParser.putHeader(pending, payload.remaining(), ike);
            pending.put(payload);
            if (wasEmpty) work.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void originateLoop() {
        long retry = FIRST_RETRY_MS;
        boolean connectedBefore = false;
        while (!closed) {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open();
                ch.bind(new InetSocketAddress(local.getAddress(), 0));
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(remote);
            } catch (IOException e) {
                closeQuietly(ch);
                LOG.fine(() -> "TCP to " + remote + ": " + e.getMessage());
                sleep(retry);
                retry = Math.min(retry * 2, LAST_RETRY_MS);
                continue;
            }
            retry = FIRST_RETRY_MS;
            lock.lock();
            try {
                if (closed) {
                    closeQuietly(ch);
                    return;
                }
                channel = ch;
                prefixDue = true;
                work.signal();
            } finally {
                lock.unlock();
            }
            connectedAt = System.nanoTime();
            LOG.info(() -> "TCP encapsulation to " + remote + " connected");
            if (connectedBefore) {
                host.counters.reconnects.increment();
                host.reconnected(this);
            }
            connectedBefore = true;
            readLoop(ch, new StreamFrameParser(false));
            if (!closed) LOG.info(() -> "TCP encapsulation to " + remote + " lost; connecting again");
        }
    }

    private void readLoop(SocketChannel ch, StreamFrameParser parser) {
        ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
        try (TcpEncapsulation.EspDelivery esp = host.espDelivery()) {
            StreamFrameParser.Frames frames = new StreamFrameParser.Frames() {
                @Override
                public void ike(ByteBuffer message) {
                    host.counters.ikeFrames.increment();
                    byte[] bytes = new byte[message.remaining()];
                    message.get(bytes);
                    host.ike(StreamLink.this, bytes);
                }

                @Override
                public void esp(ByteBuffer packet) {
                    host.counters.espFrames.increment();
                    esp.deliver(packet);
                }

                @Override
                public void runt() {
                    host.counters.runts.increment();
                }
            };
            while (!closed) {
                in.clear();
                if (ch.read(in) < 0) break;
                in.flip();
                StreamFrameParser.Violation v = parser.feed(in, frames);
                esp.endOfRead();
                if (v != null) {
                    (v == StreamFrameParser.Violation.BAD_PREFIX ? host.counters.badPrefix : host.counters.badLength).increment();
                    LOG.info(() -> "TCP encapsulation with " + remote + " closed: " + v);
                    break;
                }
                prefixDone = parser.prefixDone();
                frameStartedAt = parser.midFrame() ? (frameStartedAt == 0 ? System.nanoTime() : frameStartedAt) : 0;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(closed ? Level.FINE : Level.INFO, "TCP encapsulation with " + remote + ": " + e);
        }
        if (!closed) host.counters.resets.increment();
        drop(ch);
    }

    /** Ends the connection (not the link, for an originator, which connects again). */
    void drop(SocketChannel ch) {
        lock.lock();
        try {
            if (channel == ch) channel = null;
        } finally {
            lock.unlock();
        }
        closeQuietly(ch);
    }

    /** Ends the connection under the link now (the reaper, a test's reset). */
    public void dropConnection() {
        SocketChannel ch;
        lock.lock();
        try {
            ch = channel;
        } finally {
            lock.unlock();
        }
        if (ch != null) closeQuietly(ch);
    }

    private void writeLoop() {
        while (!closed) {
            SocketChannel ch;
            boolean prefix;
            lock.lock();
            try {
                while (!closed && (channel == null || (pending.position() == 0 && !prefixDue))) {
                    work.await(1, TimeUnit.SECONDS);
                }
                if (closed) return;
                ch = channel;
                prefix = prefixDue;
                prefixDue = false;
                ByteBuffer full = pending;
                pending = writing;
                writing = full;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                if (prefix) {
                    ByteBuffer p = ByteBuffer.wrap(StreamFrameParser.PREFIX);
                    while (p.hasRemaining()) ch.write(p);
                }
                writing.flip();
                while (writing.hasRemaining()) ch.write(writing);
            } catch (IOException e) {
                // The reader sees the end too; frames in this batch are lost, as datagrams would be.
                host.counters.sendDrops.increment();
                closeQuietly(ch);
            } finally {
                writing.clear();
            }
        }
    }

    /** Ends the link and its connection for good. */
    public void close() {
        SocketChannel ch;
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            ch = channel;
            channel = null;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        if (ch != null) closeQuietly(ch);
        host.forget(this);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TCP " + (originator ? local.getAddress().getHostAddress() + " -> " + remote : remote + " -> " + local);
    }
}
