package net.vpnaas.dataplane.mtu;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * ICMP Packet Too Big messages as our raw ICMP sockets receive them (ICMPv4 with its IP header,
 * ICMPv6 without), quoting packets built here: the outer packets of ESP and ESP-in-UDP.
 */
public final class FragmentationNeeded {

    private FragmentationNeeded() {}

    /** IPv4 header, ICMP type 3 code 4 announcing {@code mtu}, then {@code quoted}. */
    public static byte[] ipv4(int mtu, byte[] quoted) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + quoted.length);
        b.put(0, (byte) 0x45);
        b.putShort(2, (short) b.capacity());
        b.put(8, (byte) 64);
        b.put(9, (byte) 1);
        b.put(12, new byte[] {(byte) 198, 51, 100, 1}); // a router on the path
        b.put(16, new byte[] {(byte) 192, 0, 2, 1});
        b.put(20, (byte) 3);
        b.put(21, (byte) 4);
        b.putShort(26, (short) mtu);
        b.put(28, quoted);
        return b.array();
    }

    /** ICMPv6 type 2 (Packet Too Big) announcing {@code mtu}, then {@code quoted}. */
    public static byte[] ipv6(int mtu, byte[] quoted) {
        ByteBuffer b = ByteBuffer.allocate(8 + quoted.length);
        b.put(0, (byte) 2);
        b.putInt(4, mtu);
        b.put(8, quoted);
        return b.array();
    }

    /** An IPv4 packet (first or only fragment, DF) of {@code protocol} from {@code source} to {@code destination}. */
    public static byte[] ipv4Packet(int protocol, String source, String destination, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put(0, (byte) 0x45);
        b.putShort(2, (short) b.capacity());
        b.putShort(6, (short) 0x4000);
        b.put(8, (byte) 64);
        b.put(9, (byte) protocol);
        b.put(12, InetAddress.ofLiteral(source).getAddress());
        b.put(16, InetAddress.ofLiteral(destination).getAddress());
        b.put(20, payload);
        return b.array();
    }

    /** An IPv6 packet whose next header is {@code protocol} (no extension headers). */
    public static byte[] ipv6Packet(int protocol, String source, String destination, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0, 0x6000_0000);
        b.putShort(4, (short) payload.length);
        b.put(6, (byte) protocol);
        b.put(7, (byte) 64);
        b.put(8, ipv6Bytes(source));
        b.put(24, ipv6Bytes(destination));
        b.put(40, payload);
        return b.array();
    }

    /** The 16 bytes of an IPv6 address; Java reads an IPv4-mapped one ({@code ::ffff:a.b.c.d}) as IPv4, so it is built here. */
    private static byte[] ipv6Bytes(String literal) {
        byte[] a = InetAddress.ofLiteral(literal).getAddress();
        if (a.length == 16) return a;
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(a, 0, mapped, 12, 4);
        return mapped;
    }

    /** A UDP header and {@code payload}. */
    public static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort(0, (short) sourcePort);
        b.putShort(2, (short) destinationPort);
        b.putShort(4, (short) b.capacity());
        b.put(8, payload);
        return b.array();
    }

    /** The start of an ESP packet: SPI, sequence number, and some ciphertext. */
    public static byte[] esp(long spi, long sequence) {
        ByteBuffer b = ByteBuffer.allocate(8 + 16);
        b.putInt(0, (int) spi);
        b.putInt(4, (int) sequence);
        for (int i = 8; i < b.capacity(); i++) b.put(i, (byte) (i * 37));
        return b.array();
    }
}
