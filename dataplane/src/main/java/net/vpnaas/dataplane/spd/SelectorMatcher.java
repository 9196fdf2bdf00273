package net.vpnaas.dataplane.spd;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.ip.PacketFields;

/** A {@link TrafficSelector} compiled to unsigned 64-bit halves so the packet path compares numbers. */
final class SelectorMatcher {
    private final int version;
    private final long startHigh;
    private final long startLow;
    private final long endHigh;
    private final long endLow;
    private final int protocol;
    private final int startPort;
    private final int endPort;

    SelectorMatcher(TrafficSelector selector) {
        this.version = selector.version();
        long[] start = halves(selector.start().getAddress());
        long[] end = halves(selector.end().getAddress());
        this.startHigh = start[0];
        this.startLow = start[1];
        this.endHigh = end[0];
        this.endLow = end[1];
        this.protocol = selector.ipProtocol();
        this.startPort = selector.startPort();
        this.endPort = selector.endPort();
    }

    private static long[] halves(byte[] address) {
        if (address.length == 4) return new long[] {0, ByteBuffer.wrap(address).getInt() & 0xFFFF_FFFFL};
        ByteBuffer b = ByteBuffer.wrap(address);
        return new long[] {b.getLong(), b.getLong()};
    }

    boolean matches(PacketFields p, long high, long low, int port) {
        if (p.version != version) return false;
        if (protocol != 0 && protocol != p.protocol) return false;
        if (compare(high, low, startHigh, startLow) < 0 || compare(high, low, endHigh, endLow) > 0) return false;
        if (startPort == 0 && endPort == 65535) return true;
        return port != PacketFields.UNKNOWN_PORT && port >= startPort && port <= endPort;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }
}
