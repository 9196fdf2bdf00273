package net.vpnaas.dataplane.sync;

import java.time.Duration;

/**
 * How far a new active member moves an SA's outbound sequence numbers past the last synced value: more than
 * the member before can have sent since that sync. It sent at most its measured rate (the peak of the last
 * few sync intervals) for the time since the sync; {@code headroom} covers a rise of the rate after the last
 * measurement, {@code margin} the time the sync took to arrive and the detection of the failure, and
 * {@code floor} an SA that was idle at the last sync and then sent a burst (a rate of 0 proves nothing).
 * Advancing too far only spends sequence numbers; advancing too little reuses a nonce under the same key.
 *
 * @param margin   added to the time since the last sync
 * @param floor    the least advance, whatever the rate
 * @param headroom factor on the measured rate, at least 1
 */
public record SequenceAdvance(Duration margin, long floor, double headroom) {
    /**
     * 2^20: more packets than one SA of this data path sends in the time a failover takes (one core seals
     * about 2 million packets a second; a takeover follows the failure within a second), and 1/4096 of a
     * 32-bit counter per takeover.
     */
    public static final SequenceAdvance DEFAULT = new SequenceAdvance(Duration.ofMillis(500), 1L << 20, 2.0);

    public SequenceAdvance {
        if (margin.isNegative() || floor < 1 || !(headroom >= 1)) {
            throw new IllegalArgumentException("margin >= 0, floor >= 1, headroom >= 1: " + margin + " " + floor + " " + headroom);
        }
    }

    /** The number of sequence numbers to skip for an SA measured at {@code packetsPerSecond}. */
    public long packets(long packetsPerSecond, Duration sinceLastSync) {
        if (packetsPerSecond < 0 || sinceLastSync.isNegative()) {
            throw new IllegalArgumentException("rate and time must not be negative: " + packetsPerSecond + " " + sinceLastSync);
        }
        double seconds = sinceLastSync.plus(margin).toNanos() / 1e9;
        double packets = Math.ceil(packetsPerSecond * headroom * seconds);
        // Beyond 2^62 every counter is exhausted anyway; saturate instead of overflowing.
        return Math.max(floor, packets >= 0x1p62 ? 1L << 62 : (long) packets);
    }

    /**
     * Where an SA whose next number was {@code next} continues after skipping {@code advance}: empty when that
     * passes the last number it may send ({@code last}: 2^32 - 1 without ESN), so the SA must be rekeyed.
     */
    public static java.util.OptionalLong continueAt(long next, long advance, long last) {
        if (next < 1 || advance < 0) throw new IllegalArgumentException("next " + next + " advance " + advance);
        long start;
        try {
            start = Math.addExact(next, advance);
        } catch (ArithmeticException e) {
            return java.util.OptionalLong.empty();
        }
        return start > last ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(start);
    }
}
