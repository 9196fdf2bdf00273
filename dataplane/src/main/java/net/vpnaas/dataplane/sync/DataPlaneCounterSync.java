package net.vpnaas.dataplane.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import net.vpnaas.dataplane.replay.ReplayWindow;
import net.vpnaas.dataplane.sad.ChildSa;
import net.vpnaas.dataplane.sad.InheritedCounters;
import net.vpnaas.dataplane.sad.Sad;

/**
 * {@link EspCounterSync} over a data path's SAD. A snapshot reads each SA's outbound counter (an atomic, no
 * lock) and copies its replay window under the window's own monitor (the workers of that one SA wait a few
 * microseconds); nothing else on the packet path is touched. Rates are measured here, between snapshots.
 */
public final class DataPlaneCounterSync implements EspCounterSync {
    /** The top of each replay window a snapshot carries (the default window is 32, the largest 65,536). */
    static final int WINDOW_BITS = 1024;
    private static final ReplayWindow.State NOTHING_RECEIVED = new ReplayWindow.State(0, 0, new long[0]);
    private final Sad sad;
    private final SequenceAdvance advance;
    private final LongSupplier nanoClock;
    private final Map<Long, RateMeter> meters = new HashMap<>();
    private EspCounterSnapshot imported;
    private long importedAtNanos;

    public DataPlaneCounterSync(Sad sad, SequenceAdvance advance, LongSupplier nanoClock) {
        this.sad = sad;
        this.advance = advance;
        this.nanoClock = nanoClock;
    }

    @Override
    public byte[] snapshot() {
        return take().encode();
    }

    /** {@link #snapshot()} before encoding. */
    public synchronized EspCounterSnapshot take() {
        long now = nanoClock.getAsLong();
        List<SaCounters> sas = new ArrayList<>();
        Map<Long, RateMeter> live = new HashMap<>();
        for (ChildSa sa : sad.all()) {
            long spi = sa.inboundSpi();
            long next = sa.peekNextSequence();
            var window = sa.replayWindow().export(WINDOW_BITS);
            RateMeter meter = meters.getOrDefault(spi, new RateMeter());
            meter.sample(now, next, window.highest());
            live.put(spi, meter);
            sas.add(new SaCounters(spi, sa.esn(), next, meter.outboundPeak(), meter.inboundPeak(), window));
        }
        meters.clear(); // SAs deleted since the last snapshot leave with it
        meters.putAll(live);
        return new EspCounterSnapshot(Instant.now(), sas);
    }

    @Override
    public synchronized void importSnapshot(byte[] snapshot) throws SnapshotDecodeException {
        imported = EspCounterSnapshot.decode(snapshot);
        importedAtNanos = nanoClock.getAsLong();
    }

    @Override
    public synchronized Optional<Duration> sinceLastImport() {
        return imported == null ? Optional.empty() : Optional.of(Duration.ofNanos(nanoClock.getAsLong() - importedAtNanos));
    }

    @Override
    public synchronized Takeover advanceForTakeover(Duration sinceLastSnapshot, Collection<Long> takenOver) {
        List<SaCounters> synced = imported == null ? List.of() : imported.sas();
        Map<Long, InheritedCounters> inherited = new HashMap<>();
        Map<Long, Long> next = new HashMap<>();
        List<Long> rekey = new ArrayList<>();
        long replayDelta = 0;
        long highestRate = 0;
        long highestInboundRate = 0;
        for (SaCounters c : synced) {
            highestRate = Math.max(highestRate, c.outboundRate());
            highestInboundRate = Math.max(highestInboundRate, c.inboundRate());
            long last = c.esn() ? Long.MAX_VALUE : 0xFFFF_FFFFL;
            OptionalLong start = SequenceAdvance.continueAt(c.nextOutbound(), advance.packets(c.outboundRate(), sinceLastSnapshot), last);
            if (start.isPresent()) {
                next.put(c.inboundSpi(), start.getAsLong());
                inherited.put(c.inboundSpi(), new InheritedCounters(start.getAsLong(), c.window(), false));
            } else {
                rekey.add(c.inboundSpi());
                inherited.put(c.inboundSpi(), new InheritedCounters(c.nextOutbound(), c.window(), true));
            }
            replayDelta = Math.max(replayDelta, advance.packets(c.inboundRate(), sinceLastSnapshot));
        }
        for (long spi : takenOver) {
            if (inherited.containsKey(spi)) continue;
            if (imported == null) {
                // No snapshot at all: nothing bounds what the other member sent on the SA; only a rekey is safe.
                rekey.add(spi);
                inherited.put(spi, new InheritedCounters(1, NOTHING_RECEIVED, true));
                continue;
            }
            long start = 1 + advance.packets(highestRate, sinceLastSnapshot);
            next.put(spi, start);
            inherited.put(spi, new InheritedCounters(start, NOTHING_RECEIVED, false));
            replayDelta = Math.max(replayDelta, advance.packets(highestInboundRate, sinceLastSnapshot));
        }
        sad.inherit(inherited);
        return new Takeover(next, rekey, replayDelta);
    }

    /**
     * The rise of one SA's outbound counter and window top between snapshots, as packets per second: the
     * peak of the last {@link #SAMPLES} intervals, so that a lull just before a failure does not hide the rate
     * the SA had a moment before.
     */
    private static final class RateMeter {
        static final int SAMPLES = 8;
        private final long[] outbound = new long[SAMPLES];
        private final long[] inbound = new long[SAMPLES];
        private int index;
        private long lastNanos = -1;
        private long lastNext;
        private long lastTop;

        void sample(long nanos, long next, long top) {
            if (lastNanos >= 0 && nanos > lastNanos) {
                double seconds = (nanos - lastNanos) / 1e9;
                outbound[index] = (long) Math.ceil(Math.max(0, next - lastNext) / seconds);
                inbound[index] = (long) Math.ceil(Math.max(0, top - lastTop) / seconds);
                index = (index + 1) % SAMPLES;
            }
            lastNanos = nanos;
            lastNext = next;
            lastTop = top;
        }

        long outboundPeak() {
            return peak(outbound);
        }

        long inboundPeak() {
            return peak(inbound);
        }

        private static long peak(long[] rates) {
            long max = 0;
            for (long r : rates) max = Math.max(max, r);
            return max;
        }
    }
}
