package net.vpnaas.dataplane.tun;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.ip.Checksum;

/**
 * The 10-byte {@code struct virtio_net_hdr} in front of every packet of a TUN device opened with
 * {@code IFF_VNET_HDR}. With offloads enabled the kernel hands us TCP packets of up to 64 KiB
 * (TSO: one read instead of ~45) and packets whose checksum it left for us to finish; packets we
 * write carry an all-zero header (complete checksums, no segmentation), except the TCP and UDP
 * super-packets merged by {@link TcpCoalescer} and {@link UdpCoalescer}, which the kernel splits.
 */
public final class VirtioNetHeader {
    public static final int LENGTH = 10;
    public static final int FLAG_NEEDS_CSUM = 1;
    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_UDP_L4 = 5;
    public static final int GSO_ECN = 0x80;

    private VirtioNetHeader() {}

    public static int flags(ByteBuffer buf) {
        return buf.get(0) & 0xFF;
    }

    public static int gsoType(ByteBuffer buf) {
        return buf.get(1) & 0xFF & ~GSO_ECN;
    }

    public static int gsoSize(ByteBuffer buf) {
        return Short.toUnsignedInt(Short.reverseBytes(buf.getShort(4)));
    }

    public static int csumStart(ByteBuffer buf) {
        return Short.toUnsignedInt(Short.reverseBytes(buf.getShort(6)));
    }

    public static int csumOffset(ByteBuffer buf) {
        return Short.toUnsignedInt(Short.reverseBytes(buf.getShort(8)));
    }

    /** Writes the all-zero header (a plain, fully checksummed packet). */
    public static void writeEmpty(ByteBuffer buf) {
        buf.putLong(0, 0);
        buf.putShort(8, (short) 0);
    }

    /**
     * Finishes a checksum the kernel left partial (CHECKSUM_PARTIAL): the field already holds the
     * pseudo-header sum; the checksum over [start, length) is stored into it.
     */
    public static void completeChecksum(ByteBuffer packet, int length, int start, int offset) {
        if (start + offset + 2 > length) return;
        int sum = Checksum.finish(Checksum.add(0, packet, start, length - start));
        packet.putShort(start + offset, (short) sum);
    }
}
