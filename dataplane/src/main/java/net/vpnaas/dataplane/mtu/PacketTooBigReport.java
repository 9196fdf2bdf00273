package net.vpnaas.dataplane.mtu;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * An ICMP "fragmentation needed" (IPv4 type 3 code 4) or ICMPv6 "Packet Too Big" (type 2) about
 * one of our outer ESP packets (IP protocol 50, or UDP for ESP-in-UDP): which peer's path it is
 * about and the MTU it announces. The announced value is not trusted here; {@link TunnelMtu}
 * clamps it.
 */
public record PacketTooBigReport(InetAddress remote, int mtu) {

    /** Parses what a raw ICMP socket delivers (IPv4: with the IP header; IPv6: without); null if not such a report. */
    public static PacketTooBigReport parse(ByteBuffer b, int length, boolean ipv6) {
        if (ipv6) {
            if (length < 8 + 40 || b.get(0) != 2 || b.get(1) != 0) return null;
            int next = b.get(8 + 6) & 0xFF;
            if (next != 50 && next != 17) return null;
            return report(b, 8 + 24, 16, b.getInt(4));
        }
        if (length < 20) return null;
        int icmp = (b.get(0) & 0x0F) * 4;
        if (length < icmp + 8 + 20 || b.get(icmp) != 3 || b.get(icmp + 1) != 4) return null;
        int quoted = icmp + 8;
        int protocol = b.get(quoted + 9) & 0xFF;
        if (protocol != 50 && protocol != 17) return null;
        return report(b, quoted + 16, 4, b.getShort(icmp + 6) & 0xFFFF);
    }

    private static PacketTooBigReport report(ByteBuffer b, int offset, int addressLength, int mtu) {
        byte[] address = new byte[addressLength];
        b.get(offset, address);
        try {
            return new PacketTooBigReport(InetAddress.getByAddress(address), mtu);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }
}
