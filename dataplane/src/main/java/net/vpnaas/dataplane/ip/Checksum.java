package net.vpnaas.dataplane.ip;

import java.nio.ByteBuffer;

/** The Internet checksum (RFC 1071). */
public final class Checksum {
    private Checksum() {}

    /** Adds the 16-bit big-endian words of {@code buf[offset, offset + length)} to {@code sum} (unfolded). */
    public static long add(long sum, ByteBuffer buf, int offset, int length) {
        int i = 0;
        // Eight bytes at a time: adding the two 32-bit halves keeps one's-complement arithmetic
        // correct after folding, and is several times faster than word by word.
        for (; i + 8 <= length; i += 8) {
            long x = buf.getLong(offset + i);
            sum += (x >>> 32) + (x & 0xFFFF_FFFFL);
        }
        for (; i + 1 < length; i += 2) sum += buf.getShort(offset + i) & 0xFFFF;
        if (i < length) sum += (buf.get(offset + i) & 0xFF) << 8;
        return sum;
    }

    /** Folds to 16 bits and complements. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }
}
