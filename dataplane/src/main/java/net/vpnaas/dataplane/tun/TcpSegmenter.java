package net.vpnaas.dataplane.tun;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.ip.Checksum;

/**
 * Segmentation offload done in userspace: splits a TCP super-packet read from the TUN device
 * (IPv4 or IPv6 without extension headers) into segments of at most {@code mss} payload bytes,
 * each a complete IP packet with its own length, IPv4 id and checksums, sequence number, and
 * flags (FIN and PSH only on the last segment, CWR only on the first), as the kernel's GSO would.
 */
public final class TcpSegmenter {
    private ByteBuffer src;
    private int length;
    private int headerLength;
    private int ipHeaderLength;
    private int mss;
    private int offset;
    private int index;
    private boolean v6;

    /** Starts on the super-packet {@code src[0, length)}; false if it is not a TCP packet we can split. */
    public boolean start(ByteBuffer src, int length, int mss) {
        int version = (src.get(0) & 0xFF) >>> 4;
        if (version == 4) {
            ipHeaderLength = (src.get(0) & 0x0F) * 4;
            if (src.get(9) != 6) return false;
            v6 = false;
        } else if (version == 6) {
            ipHeaderLength = 40;
            if (src.get(6) != 6) return false;
            v6 = true;
        } else {
            return false;
        }
        if (ipHeaderLength + 20 > length || mss <= 0) return false;
        this.headerLength = ipHeaderLength + ((src.get(ipHeaderLength + 12) & 0xF0) >>> 2);
        if (headerLength > length) return false;
        this.src = src;
        this.length = length;
        this.mss = mss;
        this.offset = headerLength;
        this.index = 0;
        return true;
    }

    /** Writes the next segment into {@code out} from index 0; returns its length, or 0 when all were written. */
    public int next(ByteBuffer out) {
        if (offset >= length) return 0;
        int payload = Math.min(mss, length - offset);
        boolean last = offset + payload >= length;
        out.put(0, src, 0, headerLength);
        out.put(headerLength, src, offset, payload);
        int total = headerLength + payload;
        if (v6) {
            out.putShort(4, (short) (total - 40));
        } else {
            out.putShort(2, (short) total);
            out.putShort(4, (short) (src.getShort(4) + index));
            out.putShort(10, (short) 0);
            out.putShort(10, (short) Checksum.finish(Checksum.add(0, out, 0, ipHeaderLength)));
        }
        int tcp = ipHeaderLength;
        out.putInt(tcp + 4, src.getInt(tcp + 4) + (offset - headerLength));
        int flags = src.get(tcp + 13) & 0xFF;
        if (!last) flags &= ~0x09; // FIN, PSH
        if (index > 0) flags &= ~0x80; // CWR
        out.put(tcp + 13, (byte) flags);
        out.putShort(tcp + 16, (short) 0);
        int tcpLength = total - tcp;
        long sum = v6 ? Checksum.add(0, out, 8, 32) : Checksum.add(0, out, 12, 8);
        sum += 6 + tcpLength;
        sum = Checksum.add(sum, out, tcp, tcpLength);
        out.putShort(tcp + 16, (short) Checksum.finish(sum));
        offset += payload;
        index++;
        return total;
    }
}
