package net.vpnaas.dataplane.ip;

import java.nio.ByteBuffer;

/**
 * The fields of an IP packet that traffic selectors look at, parsed in place without allocation
 * (one instance per worker, reused for every packet). Addresses are kept as two unsigned 64-bit
 * halves; an IPv4 address is in {@code low} with {@code high} 0.
 */
public final class PacketFields {
    public static final int UNKNOWN_PORT = -1;

    public int version;
    public long srcHigh;
    public long srcLow;
    public long dstHigh;
    public long dstLow;
    public int protocol;
    public int srcPort;
    public int dstPort;
    /** Total length from the IP header; the packet may not be shorter than this. */
    public int length;
    /** IPv4 "don't fragment"; always true for IPv6, which routers never fragment. */
    public boolean dontFragment;

    /** Parses {@code buf[0, length)}; false if it is not a well-formed IPv4 or IPv6 packet. */
    public boolean parse(ByteBuffer buf, int available) {
        if (available < 1) return false;
        version = (buf.get(0) & 0xFF) >>> 4;
        if (version == 4) return parse4(buf, available);
        if (version == 6) return parse6(buf, available);
        return false;
    }

    private boolean parse4(ByteBuffer buf, int available) {
        if (available < 20) return false;
        int headerLength = (buf.get(0) & 0x0F) * 4;
        length = buf.getShort(2) & 0xFFFF;
        if (headerLength < 20 || length < headerLength || length > available) return false;
        int fragment = buf.getShort(6) & 0xFFFF;
        dontFragment = (fragment & 0x4000) != 0;
        protocol = buf.get(9) & 0xFF;
        srcHigh = 0;
        dstHigh = 0;
        srcLow = buf.getInt(12) & 0xFFFF_FFFFL;
        dstLow = buf.getInt(16) & 0xFFFF_FFFFL;
        boolean firstFragment = (fragment & 0x1FFF) == 0;
        readPorts(buf, headerLength, firstFragment);
        return true;
    }

    private boolean parse6(ByteBuffer buf, int available) {
        if (available < 40) return false;
        length = 40 + (buf.getShort(4) & 0xFFFF);
        if (length > available) return false;
        dontFragment = true;
        srcHigh = buf.getLong(8);
        srcLow = buf.getLong(16);
        dstHigh = buf.getLong(24);
        dstLow = buf.getLong(32);
        int next = buf.get(6) & 0xFF;
        int offset = 40;
        boolean firstFragment = true;
        // Walk the extension headers a selector must look through (RFC 4301 4.4.1.1).
        while (next == 0 || next == 43 || next == 60 || next == 44) {
            if (offset + 8 > length) break;
            int following = buf.get(offset) & 0xFF;
            if (next == 44) {
                firstFragment = (buf.getShort(offset + 2) & 0xFFF8) == 0;
                offset += 8;
            } else {
                offset += 8 + (buf.get(offset + 1) & 0xFF) * 8;
            }
            next = following;
        }
        protocol = next;
        readPorts(buf, offset, firstFragment);
        return true;
    }

    private void readPorts(ByteBuffer buf, int offset, boolean firstFragment) {
        boolean hasPorts = protocol == 6 || protocol == 17 || protocol == 132 || protocol == 136;
        if (hasPorts && firstFragment && offset + 4 <= length) {
            srcPort = buf.getShort(offset) & 0xFFFF;
            dstPort = buf.getShort(offset + 2) & 0xFFFF;
        } else {
            // Non-first fragments and port-less protocols match only selectors with any port (RFC 4301 4.4.1.1 OPAQUE).
            srcPort = UNKNOWN_PORT;
            dstPort = UNKNOWN_PORT;
        }
    }
}
