package net.vpnaas.dataplane.replay;

/**
 * Anti-replay window of an inbound SA (RFC 4303 section 3.4.3 and Appendix A): a bitmap of the
 * last {@code size} sequence numbers below the highest one received, with inference of the
 * untransmitted high 32 bits when extended sequence numbers are on (RFC 4303 A.2.2).
 *
 * <p>Use in two steps: {@link #check} before the ICV is verified (cheap rejection of replays,
 * and the full sequence number the ICV needs), {@link #accept} after it verified, so that a
 * forged packet can never move the window. Thread-safe.
 */
public final class ReplayWindow {
    /** Returned by {@link #check} when the packet is a duplicate or left of the window. */
    public static final long REJECT = -1;

    private final int size;
    private final boolean esn;
    private final long[] bitmap;
    private final int ringMask;
    private long top; // highest sequence number accepted so far; 0 before the first packet

    /**
     * @param size window size in packets; 0 disables replay checks (the top is still tracked for
     *             ESN inference)
     */
    public ReplayWindow(int size, boolean esn) {
        if (size < 0 || size > 1 << 20) throw new IllegalArgumentException("replay window " + size);
        this.size = size;
        this.esn = esn;
        int ringBits = Math.max(64, Integer.highestOneBit(Math.max(size, 1) * 2 - 1));
        this.bitmap = new long[ringBits / 64];
        this.ringMask = ringBits - 1;
    }

    /** Full sequence number of a packet carrying {@code seqLow}, or {@link #REJECT}. */
    public synchronized long check(int seqLow) {
        long seq = infer(seqLow & 0xFFFF_FFFFL);
        if (seq <= 0) return REJECT; // sequence number 0 is never sent (RFC 4303 3.3.3)
        if (seq > top || size == 0) return seq;
        if (top - seq >= size) return REJECT;
        return isSet(seq) ? REJECT : seq;
    }

    /** Records a packet whose ICV verified; false when another thread accepted it first. */
    public synchronized boolean accept(long seq) {
        if (seq > top) {
            long advance = seq - top;
            if (advance >= bitmap.length * 64L) {
                java.util.Arrays.fill(bitmap, 0);
            } else {
                for (long s = top + 1; s < seq; s++) clear(s);
            }
            top = seq;
            set(seq);
            return true;
        }
        if (size == 0) return true;
        if (top - seq >= size || isSet(seq)) return false;
        set(seq);
        return true;
    }

    /**
     * Moves the top up by {@code delta} and counts the whole window as received: after a cluster takeover
     * (RFC 6311) this member's window may lag what the member before accepted, and nothing up to the new
     * top may pass again. The peer's sequence numbers jump by as much.
     */
    public synchronized void advance(long delta) {
        if (delta < 0) throw new IllegalArgumentException("a window only moves up");
        top += delta;
        java.util.Arrays.fill(bitmap, -1L);
    }

    public synchronized long highest() {
        return top;
    }

    /**
     * What this window has accepted, in a form independent of its ring layout: the highest sequence number
     * and, for each of the {@code size} numbers at and below it, whether it was received. Holds the window's
     * monitor for one pass over the window (a few microseconds at the usual sizes): workers of this SA wait
     * that long, nothing else does.
     */
    public State export() {
        return export(size);
    }

    /**
     * {@link #export()} of the {@code bits} numbers at and below the top only (all of them in a smaller window):
     * a window merged from it counts the older ones as received, which costs at most a packet reordered that far
     * arriving just after a takeover, and keeps a snapshot of a large window small.
     */
    public synchronized State export(int bits) {
        int n = Math.min(size, bits);
        long[] received = new long[(n + 63) / 64];
        for (int i = 0; i < n && top - i >= 1; i++) {
            if (isSet(top - i)) received[i >>> 6] |= 1L << i;
        }
        return new State(top, n, received);
    }

    /**
     * Counts as received everything {@code other} (exported by another member's window for the same SA) has
     * received, and moves the top up to its highest. Numbers below the other's window, whose fate it no
     * longer knew, count as received too: the other would have rejected them as well.
     */
    public synchronized void merge(State other) {
        if (other.highest() <= 0) return;
        long lowest = Math.max(1, other.highest() - size + 1);
        for (long seq = lowest; seq < other.highest(); seq++) {
            if (other.received(other.highest() - seq)) accept(seq);
        }
        accept(other.highest()); // the highest was accepted by definition
    }

    /**
     * A window's content: {@code received} holds one bit per sequence number at and below {@code highest}, bit
     * i (word i / 64, bit i % 64) for number {@code highest - i}, for i below {@code size}.
     */
    public record State(long highest, int size, long[] received) {
        public State {
            if (highest < 0 || size < 0 || received.length != (size + 63) / 64) {
                throw new IllegalArgumentException("window state of size " + size + " with " + received.length + " words");
            }
            received = received.clone();
        }

        /** Whether number {@code highest - i} was received; unknown (beyond the window) counts as received. */
        public boolean received(long i) {
            return i >= size || (received[(int) (i >>> 6)] & (1L << i)) != 0;
        }

        @Override
        public long[] received() {
            return received.clone();
        }
    }

    private long infer(long seqLow) {
        if (!esn) return seqLow;
        long window = Math.max(size, 1);
        long topLow = top & 0xFFFF_FFFFL;
        long topHigh = top >>> 32;
        long bottomLow = topLow - window + 1; // may be negative: the window spans two 2^32 subspaces
        long high;
        if (bottomLow >= 0) {
            high = seqLow >= bottomLow ? topHigh : topHigh + 1;
        } else {
            high = seqLow >= bottomLow + (1L << 32) ? topHigh - 1 : topHigh;
        }
        if (high < 0) return -1;
        return (high << 32) | seqLow;
    }

    private boolean isSet(long seq) {
        int bit = (int) (seq & ringMask);
        return (bitmap[bit >>> 6] & (1L << bit)) != 0;
    }

    private void set(long seq) {
        int bit = (int) (seq & ringMask);
        bitmap[bit >>> 6] |= 1L << bit;
    }

    private void clear(long seq) {
        int bit = (int) (seq & ringMask);
        bitmap[bit >>> 6] &= ~(1L << bit);
    }
}
