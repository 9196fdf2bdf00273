package net.vpnaas.dataplane.mtu;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * An ICMP "fragmentation needed" (IPv4 type 3 code 4) or ICMPv6 "Packet Too Big" (type 2) that
 * quotes an ESP packet (IP protocol 50) or a UDP datagram, as it claims: the MTU it announces and what
 * the quoted packet shows of itself. Anyone can send such a message, so nothing here is trusted: the
 * data path believes it only if the quote shows a packet it sent recently (see
 * {@code ChildSa#sent}), and {@link TunnelMtu} clamps the MTU.
 *
 * @param mtu             the announced next-hop MTU
 * @param source          the quoted packet's source (ours, if we sent it)
 * @param destination     the quoted packet's destination (the peer)
 * @param protocol        50 (ESP) or 17 (UDP, ESP-in-UDP if it is ours)
 * @param sourcePort      UDP only, else {@link #NONE}
 * @param destinationPort UDP only, else {@link #NONE}
 * @param spi             the quoted ESP header's SPI, {@link #NONE} when the quote is too short for it
 *                        or the UDP datagram is not ESP (an IKE message after the non-ESP marker)
 * @param sequence        the quoted ESP header's sequence number (its low 32 bits), or {@link #NONE}
 */
public record PacketTooBigReport(int mtu, InetAddress source, InetAddress destination, int protocol,
                                 int sourcePort, int destinationPort, long spi, long sequence) {
    public static final int NONE = -1;
    public static final int ESP = 50;
    public static final int UDP = 17;

    /**
     * Parses what a raw ICMP socket delivers (IPv4: with the IP header; IPv6: without) in
     * {@code b[0, length)}; null if it is not a Packet Too Big quoting ESP or UDP. Never reads past
     * {@code length}, whatever the bytes claim.
     */
    public static PacketTooBigReport parse(ByteBuffer b, int length, boolean ipv6) {
        if (length < 0 || length > b.limit()) return null;
        return ipv6 ? parse6(b, length) : parse4(b, length);
    }

    private static PacketTooBigReport parse4(ByteBuffer b, int length) {
        if (length < 20) return null;
        int icmp = (b.get(0) & 0x0F) * 4;
        if (icmp < 20 || length < icmp + 8 || b.get(icmp) != 3 || b.get(icmp + 1) != 4) return null;
        int mtu = b.getShort(icmp + 6) & 0xFFFF;
        int quoted = icmp + 8;
        if (length < quoted + 20 || (b.get(quoted) & 0xF0) != 0x40) return null;
        int quotedHeader = (b.get(quoted) & 0x0F) * 4;
        int protocol = b.get(quoted + 9) & 0xFF;
        if (quotedHeader < 20 || (protocol != ESP && protocol != UDP)) return null;
        InetAddress source = address(b, quoted + 12, 4);
        InetAddress destination = address(b, quoted + 16, 4);
        boolean firstFragment = (b.getShort(quoted + 6) & 0x1FFF) == 0; // later fragments quote no ESP or UDP header
        int transport = firstFragment ? quoted + quotedHeader : length;
        return quotedTransport(b, transport, length, mtu, source, destination, protocol);
    }

    private static PacketTooBigReport parse6(ByteBuffer b, int length) {
        if (length < 8 + 40 || b.get(0) != 2 || b.get(1) != 0) return null;
        long announced = b.getInt(4) & 0xFFFF_FFFFL;
        int mtu = (int) Math.min(announced, Integer.MAX_VALUE);
        int quoted = 8;
        // Our ESP packets carry no extension headers: ESP or UDP follows the fixed header directly.
        int protocol = b.get(quoted + 6) & 0xFF;
        if ((b.get(quoted) & 0xF0) != 0x60 || (protocol != ESP && protocol != UDP)) return null;
        // An IPv4-mapped address never leaves a host in a packet (RFC 4291 2.5.5.2), and Java would
        // turn it into the IPv4 address it maps, which an IPv4 SA could then match.
        if (ipv4Mapped(b, quoted + 8) || ipv4Mapped(b, quoted + 24)) return null;
        return quotedTransport(b, quoted + 40, length, mtu, address(b, quoted + 8, 16), address(b, quoted + 24, 16), protocol);
    }

    private static boolean ipv4Mapped(ByteBuffer b, int offset) {
        for (int i = 0; i < 10; i++) {
            if (b.get(offset + i) != 0) return false;
        }
        return b.get(offset + 10) == (byte) 0xFF && b.get(offset + 11) == (byte) 0xFF;
    }

    /** The ESP header at {@code at}, or the UDP header there and an ESP header after it, as far as quoted. */
    private static PacketTooBigReport quotedTransport(ByteBuffer b, int at, int length, int mtu, InetAddress source,
                                                      InetAddress destination, int protocol) {
        int sourcePort = NONE;
        int destinationPort = NONE;
        int esp = at;
        if (protocol == UDP) {
            if (length >= at + 8) {
                sourcePort = b.getShort(at) & 0xFFFF;
                destinationPort = b.getShort(at + 2) & 0xFFFF;
            }
            esp = at + 8;
        }
        long spi = NONE;
        long sequence = NONE;
        if (length >= esp + 8) {
            long quotedSpi = b.getInt(esp) & 0xFFFF_FFFFL;
            if (quotedSpi != 0) { // zero is the non-ESP marker of IKE on port 4500 (RFC 3948 2.2)
                spi = quotedSpi;
                sequence = b.getInt(esp + 4) & 0xFFFF_FFFFL;
            }
        }
        return new PacketTooBigReport(mtu, source, destination, protocol, sourcePort, destinationPort, spi, sequence);
    }

    private static InetAddress address(ByteBuffer b, int offset, int length) {
        byte[] address = new byte[length];
        b.get(offset, address);
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }
}
