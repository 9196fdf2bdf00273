package net.vpnaas.dataplane.tun;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.ip.Checksum;

/**
 * The UDP counterpart of {@link TcpCoalescer}: consecutive decrypted datagrams of one UDP flow
 * with equal payload size (the last may be shorter) are merged into one super-packet written to
 * the TUN device with a {@link VirtioNetHeader} describing UDP segmentation offload (USO). The
 * kernel then runs one write and one IP receive path per super-packet and splits it back into
 * the original datagrams just before the receiving socket (or the egress device when it
 * forwards): for a stream of small datagrams the per-packet TUN write was most of the inbound cost.
 *
 * <p>Datagrams merge only when splitting gives them back unchanged: same addresses, ports and
 * TOS/TTL (IPv6: traffic class, flow label, hop limit); IPv4 without options or fragmentation,
 * IPv6 without extension headers; UDP length equal to the IP payload length. Split IPv4 datagrams
 * get IDs counting up from the first one's, so IPv4 datagrams merge only if they have DF set (an
 * atomic datagram's ID carries no meaning, RFC 6864) or their IDs already count up. The kernel
 * trusts a super-packet's checksum, so each datagram's UDP checksum is verified before it merges;
 * one with a wrong checksum is left alone for the kernel to drop and count.
 */
public final class UdpCoalescer {
    private static final int PROTO_UDP = 17;
    private static final int MAX_SEGMENTS = 64; // the kernel accepts up to UDP_MAX_SEGMENTS (64, later 128)
    private static final int MAX = 65000;

    private final ByteBuffer buf; // virtio header, then the super-packet
    private final ByteBuffer packet;
    private int length; // of the super-packet; 0 when nothing is pending
    private int segments;
    private int ipHeader;
    private int segmentPayload;
    private int nextId;
    private boolean dontFragment;
    private boolean closed;
    private boolean v6;

    /** @param buf at least 64 KiB plus the virtio header; the pending super-packet lives here */
    public UdpCoalescer(ByteBuffer buf) {
        this.buf = buf;
        this.packet = buf.slice(VirtioNetHeader.LENGTH, buf.capacity() - VirtioNetHeader.LENGTH);
    }

    public boolean hasPending() {
        return length > 0;
    }

    /** True if {@code p} is a UDP datagram (the only kind {@link #offer} may take). */
    public static boolean isUdp(ByteBuffer p, int len) {
        if (len < 1) return false;
        int version = (p.get(0) & 0xFF) >>> 4;
        return version == 4 ? len >= 20 && p.get(9) == PROTO_UDP : version == 6 && len >= 40 && p.get(6) == PROTO_UDP;
    }

    /**
     * Adds a decrypted packet. Returns true if it was taken (merged, or started a new super-packet);
     * false if it cannot be merged with anything pending: the caller must {@link #finish} what is
     * pending and then write this packet on its own (or offer it again).
     */
    public boolean offer(ByteBuffer p, int len) {
        if (!isUdp(p, len)) return false;
        boolean isV6 = (p.get(0) & 0xF0) == 0x60;
        int ip = isV6 ? 40 : 20;
        if (isV6) {
            if ((p.getShort(4) & 0xFFFF) + 40 != len) return false;
        } else if ((p.get(0) & 0x0F) != 5 || (p.getShort(6) & 0x3FFF) != 0 || (p.getShort(2) & 0xFFFF) != len) {
            return false; // options, a fragment, or trailing bytes
        }
        int payload = len - ip - 8;
        if (payload <= 0 || (p.getShort(ip + 4) & 0xFFFF) != len - ip || !checksumValid(p, len, ip, isV6)) return false;
        if (length == 0) {
            start(p, len, isV6, ip, payload);
            return true;
        }
        if (!mergeable(p, isV6, payload)) return false;
        packet.put(length, p, ip + 8, payload);
        length += payload;
        segments++;
        nextId++;
        if (payload < segmentPayload) closed = true;
        return true;
    }

    private void start(ByteBuffer p, int len, boolean isV6, int ip, int payload) {
        packet.put(0, p, 0, len);
        length = len;
        segments = 1;
        ipHeader = ip;
        segmentPayload = payload;
        v6 = isV6;
        closed = false;
        if (!isV6) {
            nextId = (p.getShort(4) & 0xFFFF) + 1;
            dontFragment = (p.get(6) & 0x40) != 0;
        }
    }

    // Field by field with long/int reads: comparing slices allocated and dominated the merge cost.
    private boolean mergeable(ByteBuffer p, boolean isV6, int payload) {
        if (closed || isV6 != v6 || payload > segmentPayload || segments == MAX_SEGMENTS || length + payload > MAX) return false;
        if (v6) {
            if (p.getInt(0) != packet.getInt(0) || p.get(7) != packet.get(7)) return false; // class, flow label, hop limit
            for (int a = 8; a < 40; a += 8) if (p.getLong(a) != packet.getLong(a)) return false; // addresses
        } else {
            boolean df = (p.get(6) & 0x40) != 0;
            if (p.get(1) != packet.get(1) || p.get(8) != packet.get(8) || df != dontFragment || p.getLong(12) != packet.getLong(12)) {
                return false; // TOS, TTL, DF, addresses
            }
            if (!df && (p.getShort(4) & 0xFFFF) != (nextId & 0xFFFF)) return false;
        }
        return p.getInt(ipHeader) == packet.getInt(ipHeader); // ports
    }

    private static boolean checksumValid(ByteBuffer p, int len, int ip, boolean isV6) {
        if (p.getShort(ip + 6) == 0) return !isV6; // IPv4 may omit it; IPv6 must not (RFC 8200 8.1)
        long sum = isV6 ? Checksum.add(0, p, 8, 32) : Checksum.add(0, p, 12, 8);
        sum = Checksum.add(sum + PROTO_UDP + (len - ip), p, ip, len - ip);
        return Checksum.finish(sum) == 0;
    }

    /**
     * Writes the virtio header and fixes lengths and checksums of the pending super-packet (a
     * single datagram is left as it was).
     * @return the number of bytes to write to the TUN from the start of the buffer (0 if none pending)
     */
    public int finish() {
        if (length == 0) return 0;
        int total = length;
        VirtioNetHeader.writeEmpty(buf);
        if (segments > 1) {
            int udpLength = total - ipHeader;
            long sum;
            if (v6) {
                packet.putShort(4, (short) udpLength);
                sum = Checksum.add(0, packet, 8, 32);
            } else {
                packet.putShort(2, (short) total);
                packet.putShort(10, (short) 0);
                packet.putShort(10, (short) Checksum.finish(Checksum.add(0, packet, 0, 20)));
                sum = Checksum.add(0, packet, 12, 8);
            }
            // The kernel rewrites length and checksum of each datagram from these two when it splits.
            packet.putShort(ipHeader + 4, (short) udpLength);
            sum += PROTO_UDP + udpLength;
            while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
            packet.putShort(ipHeader + 6, (short) sum); // partial: pseudo-header only, the kernel adds the rest
            buf.put(0, (byte) VirtioNetHeader.FLAG_NEEDS_CSUM);
            buf.put(1, (byte) VirtioNetHeader.GSO_UDP_L4);
            buf.putShort(2, Short.reverseBytes((short) (ipHeader + 8)));
            buf.putShort(4, Short.reverseBytes((short) segmentPayload));
            buf.putShort(6, Short.reverseBytes((short) ipHeader));
            buf.putShort(8, Short.reverseBytes((short) 6));
        }
        length = 0;
        return VirtioNetHeader.LENGTH + total;
    }

    /** How many datagrams the super-packet pending or last returned by {@link #finish} carries. */
    public int segments() {
        return segments;
    }
}
