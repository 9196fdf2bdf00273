package net.vpnaas.dataplane.sad;

import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import net.vpnaas.dataplane.esp.EspCipher;
import net.vpnaas.dataplane.mtu.PacketTooBigReport;
import net.vpnaas.dataplane.mtu.TunnelMtu;
import net.vpnaas.dataplane.replay.ReplayWindow;

/**
 * The live state of an installed Child SA: per-thread ciphers, sequence number, replay window,
 * counters, lifetime and path MTU. Shared by all workers; everything mutable is atomic.
 */
public final class ChildSa {
    /**
     * How far back a quoted sequence number still counts as recent: a Packet Too Big comes back within
     * a round trip, and 2^20 packets are more than a second at 10 Gbit/s. A forger off the path must
     * hit the SPI and this window, about one chance in 2^44 per message.
     */
    static final long RECENT_PACKETS = 1 << 20;
    private final ChildSaConfig config;
    private final ReplayWindow replay;
    private final ThreadLocal<EspCipher> inboundCipher;
    private final ThreadLocal<EspCipher> outboundCipher;
    private final int ivLength;
    private final int icvLength;
    private final int alignment;
    private final TunnelMtu mtu;
    private final long installedNanos = System.nanoTime();
    private final SaEventListener listener;

    private final AtomicLong nextSeq = new AtomicLong(1);
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final LongAdder replayDrops = new LongAdder();
    private final LongAdder integrityFailures = new LongAdder();
    private final LongAdder selectorDrops = new LongAdder();
    private final LongAdder malformedDrops = new LongAdder();
    private final LongAdder dummyPackets = new LongAdder();
    private volatile long lastInboundMillis;
    private final AtomicBoolean softReported = new AtomicBoolean();
    private final AtomicBoolean hardReported = new AtomicBoolean();
    private volatile OuterRoute route;

    ChildSa(ChildSaConfig config, OuterRoute route, int configuredMtu, SaEventListener listener, InheritedCounters inherited) {
        this.config = config;
        this.route = route;
        this.listener = listener;
        this.replay = new ReplayWindow(config.replayWindow(), config.esn());
        var algorithms = config.algorithms();
        SaKeys in = config.inbound();
        SaKeys out = config.outbound();
        this.inboundCipher = ThreadLocal.withInitial(() -> algorithms.newCipher(in.encryptionKey(), in.integrityKey()));
        this.outboundCipher = ThreadLocal.withInitial(() -> algorithms.newCipher(out.encryptionKey(), out.integrityKey()));
        EspCipher probe = outboundCipher.get();
        this.ivLength = probe.ivLength();
        this.icvLength = probe.icvLength();
        this.alignment = probe.alignment();
        this.mtu = new TunnelMtu(route.sockaddr().length != 16, configuredMtu);
        if (inherited != null) inherit(inherited);
    }

    /**
     * Continues where another cluster member left this SA: the outbound sequence numbers start at the
     * inherited start (never lower than ours) and the replay window counts as received what the other's
     * did. An SA whose counter is exhausted never sends again (every packet finds the counter spent, which
     * is a hard expiry) and asks to be rekeyed at once: reusing a number under the same key is never an option.
     */
    void inherit(InheritedCounters inherited) {
        replay.merge(inherited.window());
        if (inherited.exhausted()) {
            nextSeq.set(config.esn() ? Long.MIN_VALUE : lastSequence() + 1);
            reachSoft();
        } else {
            nextSeq.accumulateAndGet(inherited.nextOutbound(), Math::max);
        }
    }

    /** The last outbound sequence number this SA may send: 2^32 - 1 without ESN (RFC 4303 3.3.3), else the largest long. */
    public long lastSequence() {
        return config.esn() ? Long.MAX_VALUE : 0xFFFF_FFFFL;
    }

    /**
     * The sequence number the next outbound packet will get, read without stopping the workers;
     * {@link #lastSequence()} + 1 once the counter is spent.
     */
    public long peekNextSequence() {
        long next = nextSeq.get();
        return next < 0 || next > lastSequence() ? (config.esn() ? Long.MAX_VALUE : lastSequence() + 1) : next;
    }
    /** When the SA was installed, on the {@link System#nanoTime()} clock its time lifetimes run on. */
    public long installedNanos() {
        return installedNanos;
    }

    public int reqid() {
        return config.reqid();
    }

    public long inboundSpi() {
        return config.inbound().spi();
    }

    public int outboundSpi() {
        return (int) config.outbound().spi();
    }

    public boolean esn() {
        return config.esn();
    }

    public ReplayWindow replayWindow() {
        return replay;
    }

    /** This thread's cipher for packets we receive. */
    public EspCipher inboundCipher() {
        return inboundCipher.get();
    }

    /** This thread's cipher for packets we send. */
    public EspCipher outboundCipher() {
        return outboundCipher.get();
    }

    public OuterRoute route() {
        return route;
    }

    void moveTo(OuterRoute newRoute) {
        this.route = newRoute;
    }

    public TunnelMtu mtu() {
        return mtu;
    }

    /** The largest inner packet this SA carries without exceeding the outer path MTU. */
    public int innerMtu() {
        return mtu.innerMtu(route.outerHeaders(), ivLength, icvLength, alignment);
    }

    /** True once a hard lifetime was reached: the SA no longer carries traffic. */
    public boolean isExpired() {
        return hardReported.get();
    }

    /** The outbound sequence numbers jump by {@code delta} (RFC 6311: the peer's replay window moved up by as much). */
    public void advanceOutbound(long delta) {
        if (delta < 0) throw new IllegalArgumentException("sequence numbers only move up");
        nextSeq.addAndGet(delta);
    }

    /**
     * The next outbound sequence number, or -1 when the SA must not send any more: without ESN the
     * 32-bit counter must never wrap (RFC 4303 3.3.3), which is a hard expiry.
     */
    public long nextSequence() {
        long seq = nextSeq.getAndIncrement();
        if (seq > lastSequence() || seq < 0) {
            reachHard();
            return -1;
        }
        return seq;
    }

    /**
     * Whether the packet an ICMP Packet Too Big quotes is one of ours: this SA's outbound SPI between
     * its outer addresses (and UDP ports when encapsulated), with a sequence number sent recently.
     */
    public boolean sent(PacketTooBigReport r) {
        OuterEndpoints e = route.endpoints();
        if (r.spi() != config.outbound().spi() || (r.protocol() == PacketTooBigReport.UDP) != e.udpEncapsulation()) return false;
        InetAddress local = e.local().getAddress();
        if (!(local.equals(r.source()) || local.isAnyLocalAddress()) || !e.remote().getAddress().equals(r.destination())) {
            return false;
        }
        if (e.udpEncapsulation() && (r.sourcePort() != e.local().getPort() || r.destinationPort() != e.remote().getPort())) {
            return false;
        }
        return sentRecently(r.sequence());
    }

    /** Whether {@code sequence} (the low 32 bits a packet carries) is among the last {@link #RECENT_PACKETS} sent. */
    private boolean sentRecently(long sequence) {
        long last = nextSeq.get() - 1;
        if (last < 1 || sequence < 0) return false;
        long behind = ((last & 0xFFFF_FFFFL) - sequence) & 0xFFFF_FFFFL; // modulo 2^32: ESN carries the low half
        return behind < Math.min(RECENT_PACKETS, last);
    }

    public void countOutbound(int bytes) {
        long b = bytesOut.addAndGet(bytes);
        long p = packetsOut.incrementAndGet();
        checkVolume(b, p);
    }

    public void countInbound(int bytes) {
        long b = bytesIn.addAndGet(bytes);
        long p = packetsIn.incrementAndGet();
        lastInboundMillis = System.currentTimeMillis();
        checkVolume(b, p);
    }

    public void countReplayDrop() {
        replayDrops.increment();
    }

    public void countIntegrityFailure() {
        integrityFailures.increment();
    }

    public void countSelectorDrop() {
        selectorDrops.increment();
    }

    public void countMalformed() {
        malformedDrops.increment();
    }

    public void countDummy() {
        dummyPackets.increment();
    }

    private void checkVolume(long bytes, long packets) {
        Lifetime l = config.lifetime();
        if ((l.hardBytes() > 0 && bytes >= l.hardBytes()) || (l.hardPackets() > 0 && packets >= l.hardPackets())) {
            reachHard();
        } else if ((l.softBytes() > 0 && bytes >= l.softBytes()) || (l.softPackets() > 0 && packets >= l.softPackets())) {
            reachSoft();
        }
    }

    /** Called about once a second by the data path's timer. */
    void checkTime(long nowNanos) {
        Lifetime l = config.lifetime();
        long age = nowNanos - installedNanos;
        if (!l.hardTime().isZero() && age >= l.hardTime().toNanos()) {
            reachHard();
        } else if (!l.softTime().isZero() && age >= l.softTime().toNanos()) {
            reachSoft();
        }
    }

    private void reachSoft() {
        if (softReported.compareAndSet(false, true)) listener.expired(inboundSpi(), SaEventListener.Limit.SOFT);
    }

    private void reachHard() {
        softReported.set(true); // a SOFT after HARD would only confuse the engine
        if (hardReported.compareAndSet(false, true)) listener.expired(inboundSpi(), SaEventListener.Limit.HARD);
    }

    public SaUsage usage() {
        long last = lastInboundMillis;
        return new SaUsage(bytesIn.get(), packetsIn.get(), bytesOut.get(), packetsOut.get(),
                replayDrops.sum(), integrityFailures.sum(), selectorDrops.sum(), malformedDrops.sum(),
                dummyPackets.sum(), last == 0 ? null : Instant.ofEpochMilli(last));
    }

    @Override
    public String toString() {
        return "ChildSa[%s reqid=%d in=%08x out=%08x %s]".formatted(config.tunnelName(), reqid(),
                inboundSpi(), config.outbound().spi(), config.algorithms());
    }
}
