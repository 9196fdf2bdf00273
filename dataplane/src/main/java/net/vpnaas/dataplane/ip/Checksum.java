package net.vpnaas.dataplane.ip;

import java.nio.ByteBuffer;

/** The Internet checksum (RFC 1071). */
public final class Checksum {
    private Checksum() {}

    public static long add(long sum, ByteBuffer buf, int offset, int length) {
        int i = 0;
        for (; i + 1 < length; i += 2) sum += buf.getShort(offset + i) & 0xFFFF;
        if (i < length) sum += (buf.get(offset + i) & 0xFF) << 8;
        return sum;
    }

    public static int finish(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }
}
