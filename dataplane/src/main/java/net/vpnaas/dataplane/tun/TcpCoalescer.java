package net.vpnaas.dataplane.tun;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.ip.Checksum;

/**
 * Receive offload done in userspace (what GRO does in the kernel): consecutive decrypted TCP
 * segments of one flow are merged into one super-packet written to the TUN device with a
 * {@link VirtioNetHeader} that describes it as TSO with a partial checksum. The kernel then runs
 * its TCP receive path once per super-packet instead of once per segment, and sends fewer ACKs.
 *
 * <p>Segments merge only when nothing is lost by merging: same addresses, ports, TTL/traffic
 * class, ACK number and TCP options; contiguous sequence numbers; plain ACK segments of equal
 * size, where only the last may be shorter or carry PSH. Anything else is passed on unchanged.
 */
public final class TcpCoalescer {
    private static final int MAX = 65535 - 128;

    private final ByteBuffer buf; // virtio header, then the super-packet
    private final ByteBuffer packet;
    private int length; // of the super-packet; 0 when nothing is pending
    private int segments;
    private int ipHeader;
    private int headers;
    private int mss;
    private int nextSeq;
    private boolean closed;
    private boolean v6;

    /** @param buf at least 64 KiB plus the virtio header; the pending super-packet lives here */
    public TcpCoalescer(ByteBuffer buf) {
        this.buf = buf;
        this.packet = buf.slice(VirtioNetHeader.LENGTH, buf.capacity() - VirtioNetHeader.LENGTH);
    }

    public boolean hasPending() {
        return length > 0;
    }

    /**
     * Adds a decrypted packet. Returns true if it was taken (merged, or started a new super-packet);
     * false if it cannot be merged with anything: the caller must {@link #finish} what is pending
     * and then write this packet on its own (or offer it again).
     */
    public boolean offer(ByteBuffer p, int len) {
        int version = (p.get(0) & 0xFF) >>> 4;
        boolean isV6 = version == 6;
        int ip;
        if (version == 4) {
            ip = (p.get(0) & 0x0F) * 4;
            if (ip != 20 || p.get(9) != 6 || (p.getShort(6) & 0x3FFF) != 0) return false; // options, not TCP, fragment
        } else if (isV6) {
            ip = 40;
            if (p.get(6) != 6) return false;
        } else {
            return false;
        }
        if (len < ip + 20) return false;
        int tcpHeader = (p.get(ip + 12) & 0xF0) >>> 2;
        int hdrs = ip + tcpHeader;
        int payload = len - hdrs;
        int flags = p.get(ip + 13) & 0xFF;
        boolean plainAck = (flags & ~0x08) == 0x10; // ACK, optionally PSH
        if (payload <= 0 || tcpHeader < 20 || !plainAck) return false;
        if (length == 0) {
            start(p, len, isV6, ip, hdrs, payload, flags);
            return true;
        }
        if (!mergeable(p, len, isV6, hdrs, payload)) return false;
        packet.put(length, p, hdrs, payload);
        length += payload;
        segments++;
        nextSeq += payload;
        if (payload < mss || (flags & 0x08) != 0) {
            closed = true;
            packet.put(ipHeader + 13, (byte) (packet.get(ipHeader + 13) | (flags & 0x08)));
        }
        return true;
    }

    private void start(ByteBuffer p, int len, boolean isV6, int ip, int hdrs, int payload, int flags) {
        packet.put(0, p, 0, len);
        length = len;
        segments = 1;
        ipHeader = ip;
        headers = hdrs;
        mss = payload;
        v6 = isV6;
        nextSeq = p.getInt(ip + 4) + payload;
        closed = (flags & 0x08) != 0;
    }

    private boolean mergeable(ByteBuffer p, int len, boolean isV6, int hdrs, int payload) {
        if (closed || isV6 != v6 || hdrs != headers || payload > mss || length + payload > MAX) return false;
        if (p.getInt(ipHeader + 4) != nextSeq) return false;
        // Addresses, ports and ACK number; and all TCP options (timestamps included), as kernel GRO requires.
        if (v6) {
            if ((p.getInt(0) & 0x0FF0_0000) != (packet.getInt(0) & 0x0FF0_0000) || p.get(7) != packet.get(7)) return false;
            if (!same(p, 8, 32)) return false;
        } else {
            if (p.get(1) != packet.get(1) || p.get(8) != packet.get(8) || !same(p, 12, 8)) return false;
        }
        return same(p, ipHeader, 4) && same(p, ipHeader + 8, 4) && same(p, ipHeader + 20, hdrs - ipHeader - 20);
    }

    private boolean same(ByteBuffer p, int offset, int count) {
        return p.slice(offset, count).equals(packet.slice(offset, count));
    }

    /**
     * Writes the virtio header and fixes lengths and checksums of the pending super-packet.
     * @return the number of bytes to write to the TUN from the start of the buffer (0 if none pending)
     */
    public int finish() {
        if (length == 0) return 0;
        int total = length;
        VirtioNetHeader.writeEmpty(buf);
        if (segments > 1) {
            int tcpLength = total - ipHeader;
            long sum;
            if (v6) {
                packet.putShort(4, (short) (total - 40));
                sum = Checksum.add(0, packet, 8, 32);
            } else {
                packet.putShort(2, (short) total);
                packet.putShort(10, (short) 0);
                packet.putShort(10, (short) Checksum.finish(Checksum.add(0, packet, 0, 20)));
                sum = Checksum.add(0, packet, 12, 8);
            }
            sum += 6 + tcpLength;
            while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
            packet.putShort(ipHeader + 16, (short) sum); // partial: pseudo-header only, the kernel adds the rest
            buf.put(0, (byte) VirtioNetHeader.FLAG_NEEDS_CSUM);
            buf.put(1, (byte) (v6 ? VirtioNetHeader.GSO_TCPV6 : VirtioNetHeader.GSO_TCPV4));
            buf.putShort(2, Short.reverseBytes((short) headers));
            buf.putShort(4, Short.reverseBytes((short) mss));
            buf.putShort(6, Short.reverseBytes((short) ipHeader));
            buf.putShort(8, Short.reverseBytes((short) 16));
        }
        length = 0;
        return VirtioNetHeader.LENGTH + total;
    }
}
