package net.vpnaas.ike.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeMessage;

/**
 * A lean multi-threaded IKEv2 initiator for load: keeps a bounded number of {@link Handshake}s in
 * flight against one responder over one UDP socket (responses are matched by our IKE SPI), counts
 * those whose responder AUTH verified, deletes each IKE SA right after (so a responder's SA table stays
 * small, the same for strongSwan and ours) and starts the next. A request unanswered for
 * {@link #TIMEOUT} is retransmitted up to twice, then the handshake is abandoned and counted as failed.
 */
final class LoadGenerator implements AutoCloseable {
    /** strongSwan's default first retransmission timeout: a slow (e.g. still JIT-compiling) responder is not flooded. */
    static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final int MAX_RETRANSMITS = 2;

    private final GeneratorContext ctx;
    private final InetSocketAddress target;
    private final DatagramChannel channel;
    /** To the responder's port 4500, with the non-ESP marker, for handshakes that saw a NAT. */
    private final DatagramChannel nattChannel;
    private final InetSocketAddress local;
    private final Map<Long, Handshake> active = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gen-timer"));
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong retransmits = new AtomicLong();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    /** Handshakes of {@link #establishOne} that stay up until {@link #delete}. */
    private final Set<Long> keepOpen = ConcurrentHashMap.newKeySet();
    private volatile int inFlightTarget;
    private volatile boolean closed;

    LoadGenerator(InitiatorProfile profile, InetSocketAddress local, InetSocketAddress target, int workerThreads) throws IOException {
        this.ctx = new GeneratorContext(profile);
        this.target = target;
        this.channel = DatagramChannel.open().bind(local);
        channel.connect(target);
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.nattChannel = DatagramChannel.open().bind(new InetSocketAddress(local.getAddress(), 0));
        nattChannel.connect(new InetSocketAddress(target.getAddress(), 4500));
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> daemon(r, "gen-worker"));
        daemon(() -> receiveLoop(channel, 0), "gen-receive-500").start();
        daemon(() -> receiveLoop(nattChannel, 4), "gen-receive-4500").start();
        timer.scheduleWithFixedDelay(this::checkTimeouts, 100, 100, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Counts so far: handshakes whose responder AUTH verified, requests retransmitted, failures by reason. */
    record Counts(long completed, long retransmits, Map<String, Long> failures) {
        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Counts counts() {
        Map<String, Long> f = new TreeMap<>();
        failures.forEach((k, v) -> f.put(k, v.sum()));
        return new Counts(completed.get(), retransmits.get(), f);
    }

    /** Keeps {@code inFlight} handshakes going until {@link #stopLoad()}. */
    void startLoad(int inFlight) {
        inFlightTarget = inFlight;
        for (int i = 0; i < inFlight; i++) startOne(true);
    }

    /** Starts no new handshakes and waits (up to a few timeouts) until the running ones have ended. */
    void stopLoad() throws InterruptedException {
        inFlightTarget = 0;
        long deadline = System.nanoTime() + TIMEOUT.multipliedBy(MAX_RETRANSMITS + 2).toNanos();
        while (!active.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
    }

    /**
     * One handshake that is NOT deleted, for the correctness check before measuring; returns it once
     * the responder's AUTH verified, or throws with the failure reason.
     */
    Handshake establishOne(Duration timeout) throws Exception {
        Handshake h = startOne(false);
        try {
            return h.established.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no IKE_AUTH answer from " + target + " within " + timeout + "; failures " + counts().failures());
        }
    }

    /** Deletes an IKE SA {@link #establishOne} left up and waits for the responder's answer. */
    void delete(Handshake h) throws InterruptedException {
        synchronized (h) {
            transmit(h, h.deleteRequest());
        }
        keepOpen.remove(h.spi());
        long deadline = System.nanoTime() + TIMEOUT.multipliedBy(MAX_RETRANSMITS + 2).toNanos();
        while (active.containsKey(h.spi()) && System.nanoTime() < deadline) Thread.sleep(10);
        if (active.containsKey(h.spi())) throw new IllegalStateException("no answer to our IKE Delete from " + target);
    }

    private Handshake startOne(boolean deleteWhenEstablished) {
        Handshake h = new Handshake(ctx, local, target);
        if (!deleteWhenEstablished) keepOpen.add(h.spi());
        active.put(h.spi(), h);
        synchronized (h) {
            transmit(h, h.initRequest());
        }
        return h;
    }

    /** {@code skip}: 4 on the NAT-T socket (the non-ESP marker), else 0. */
    private void receiveLoop(DatagramChannel ch, int skip) {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (!closed) {
            try {
                buf.clear();
                ch.receive(buf);
                buf.flip();
                if (buf.remaining() < skip) continue;
                buf.position(skip);
                byte[] data = new byte[buf.remaining()];
                buf.get(data);
                workers.execute(() -> process(data));
            } catch (ClosedChannelException | java.util.concurrent.RejectedExecutionException e) {
                return; // closed
            } catch (IOException e) {
                fail(null, "receive: " + e.getClass().getSimpleName());
            }
        }
    }

    private void process(byte[] data) {
        IkeMessage m;
        try {
            m = IkeMessage.decode(data);
        } catch (IkeDecodeException e) {
            fail(null, "undecodable response");
            return;
        }
        Handshake h = active.get(m.header().initiatorSpi());
        if (h == null) return; // a late duplicate of an answer to a handshake that is over
        synchronized (h) {
            try {
                byte[] next = h.onResponse(m, data);
                if (next != null) {
                    transmit(h, next);
                } else if (h.phase() == Handshake.Phase.DELETE && !h.awaiting() && !keepOpen.contains(h.spi())) {
                    completed.incrementAndGet(); // the responder's AUTH verified just now
                    transmit(h, h.deleteRequest());
                } else if (h.phase() == Handshake.Phase.DONE) {
                    finish(h);
                }
            } catch (Handshake.Failed e) {
                fail(h, e.getMessage());
            } catch (RuntimeException e) {
                fail(h, "generator error: " + e);
            }
        }
    }

    private void checkTimeouts() {
        long now = System.nanoTime();
        for (Handshake h : active.values()) {
            synchronized (h) {
                if (!h.awaiting() || now - h.sentAtNanos() < TIMEOUT.toNanos()) continue;
                // The check handshakes meet a cold JVM (class loading, interpreter): give them more patience.
                int limit = keepOpen.contains(h.spi()) ? 3 * MAX_RETRANSMITS : MAX_RETRANSMITS;
                if (h.retransmits() < limit) {
                    h.retransmitted(now);
                    retransmits.incrementAndGet();
                    transmit(h, h.lastSent());
                } else {
                    fail(h, "timeout in " + h.phase());
                }
            }
        }
    }

    private void fail(Handshake h, String reason) {
        failures.computeIfAbsent(reason, k -> new LongAdder()).increment();
        if (h != null) {
            if (!h.established.isDone()) h.established.completeExceptionally(new IllegalStateException(reason));
            finish(h);
        }
    }

    private void finish(Handshake h) {
        if (active.remove(h.spi(), h)) {
            keepOpen.remove(h.spi());
            if (active.size() < inFlightTarget && !closed) startOne(true);
        }
    }

    private void transmit(Handshake h, byte[] message) {
        try {
            if (h.natBetween()) {
                nattChannel.write(ByteBuffer.allocate(4 + message.length).putInt(0).put(message).flip());
            } else {
                channel.write(ByteBuffer.wrap(message));
            }
        } catch (IOException e) {
            if (!closed) failures.computeIfAbsent("send: " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
        }
    }

    @Override
    public void close() {
        closed = true;
        inFlightTarget = 0;
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            channel.close();
            nattChannel.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with the socket
        }
    }
}
