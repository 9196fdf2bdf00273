package net.vpnaas.dataplane.ip;

import java.nio.ByteBuffer;

/**
 * Builds the ICMP "fragmentation needed" (type 3 code 4, RFC 1191) or ICMPv6 "Packet Too Big"
 * (RFC 4443 3.2) answer to an inner packet that does not fit into the tunnel, to be written back
 * into the TUN device towards its sender. The answer's source is the packet's own destination:
 * the sender's stack only checks the quoted header, and the gateway may own no inner address.
 */
public final class PacketTooBig {
    private static final int IPV6_MIN_MTU = 1280;

    private PacketTooBig() {}

    /**
     * Writes the ICMP answer for {@code original[0, originalLength)} into {@code out}.
     *
     * @return the length of the answer, or 0 when none must be sent (an ICMP error is never
     *         answered with an ICMP error, RFC 1122 3.2.2 / RFC 4443 2.4)
     */
    public static int build(ByteBuffer original, int originalLength, int mtu, ByteBuffer out) {
        int version = (original.get(0) & 0xFF) >>> 4;
        return version == 4 ? build4(original, originalLength, mtu, out) : build6(original, originalLength, mtu, out);
    }

    private static int build4(ByteBuffer original, int originalLength, int mtu, ByteBuffer out) {
        int headerLength = (original.get(0) & 0x0F) * 4;
        if (original.get(9) == 1 && originalLength > headerLength && isIcmp4Error(original.get(headerLength) & 0xFF)) {
            return 0;
        }
        int quoted = Math.min(originalLength, headerLength + 8);
        int total = 20 + 8 + quoted;
        out.put(0, (byte) 0x45);
        out.put(1, (byte) 0);
        out.putShort(2, (short) total);
        out.putInt(4, 0);
        out.put(8, (byte) 64);
        out.put(9, (byte) 1);
        out.putShort(10, (short) 0);
        out.putInt(12, original.getInt(16));
        out.putInt(16, original.getInt(12));
        out.putShort(10, (short) Checksum.finish(Checksum.add(0, out, 0, 20)));
        out.put(20, (byte) 3);
        out.put(21, (byte) 4);
        out.putShort(22, (short) 0);
        out.putShort(24, (short) 0);
        out.putShort(26, (short) mtu);
        for (int i = 0; i < quoted; i++) out.put(28 + i, original.get(i));
        out.putShort(22, (short) Checksum.finish(Checksum.add(0, out, 20, 8 + quoted)));
        return total;
    }

    private static boolean isIcmp4Error(int type) {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    private static int build6(ByteBuffer original, int originalLength, int mtu, ByteBuffer out) {
        if (original.get(6) == 58 && originalLength > 40 && (original.get(40) & 0x80) == 0) {
            return 0; // ICMPv6 error messages have types 0-127
        }
        int quoted = Math.min(originalLength, IPV6_MIN_MTU - 40 - 8);
        int payload = 8 + quoted;
        out.putInt(0, 0x6000_0000);
        out.putShort(4, (short) payload);
        out.put(6, (byte) 58);
        out.put(7, (byte) 64);
        for (int i = 0; i < 16; i++) {
            out.put(8 + i, original.get(24 + i));
            out.put(24 + i, original.get(8 + i));
        }
        out.put(40, (byte) 2);
        out.put(41, (byte) 0);
        out.putShort(42, (short) 0);
        out.putInt(44, mtu);
        for (int i = 0; i < quoted; i++) out.put(48 + i, original.get(i));
        long sum = Checksum.add(0, out, 8, 32);
        sum += payload + 58;
        sum = Checksum.add(sum, out, 40, payload);
        out.putShort(42, (short) Checksum.finish(sum));
        return 40 + payload;
    }
}
