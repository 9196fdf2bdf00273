package net.vpnaas.dataplane.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import net.vpnaas.dataplane.sys.Libc;

/** Encodes and decodes Linux {@code sockaddr_in} / {@code sockaddr_in6} in native memory. */
public final class SockAddr {
    public static final int MAX_LENGTH = 28;
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SockAddr() {}

    /** Writes the address into {@code seg} at {@code offset}; returns its length. */
    public static int write(InetSocketAddress address, MemorySegment seg, long offset) {
        seg.asSlice(offset, MAX_LENGTH).fill((byte) 0);
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet4Address) {
            seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, (short) Libc.AF_INET);
            seg.set(PORT, offset + 2, (short) address.getPort());
            MemorySegment.copy(ip.getAddress(), 0, seg, ValueLayout.JAVA_BYTE, offset + 4, 4);
            return 16;
        }
        seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, (short) Libc.AF_INET6);
        seg.set(PORT, offset + 2, (short) address.getPort());
        MemorySegment.copy(ip.getAddress(), 0, seg, ValueLayout.JAVA_BYTE, offset + 8, 16);
        return MAX_LENGTH;
    }

    public static InetSocketAddress read(MemorySegment seg, long offset) {
        int family = seg.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset);
        int port = seg.get(PORT, offset + 2) & 0xFFFF;
        byte[] ip = family == Libc.AF_INET ? new byte[4] : new byte[16];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset + (family == Libc.AF_INET ? 4 : 8), ip, 0, ip.length);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }

    public static int family(InetAddress address) {
        return address instanceof Inet6Address ? Libc.AF_INET6 : Libc.AF_INET;
    }
}
