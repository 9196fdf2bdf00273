package net.vpnaas.dataplane.netns;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ESP-in-UDP packets of a tcpdump capture ({@code -i any}: Linux cooked headers, v1 or v2) over IPv4:
 * who sent each to whom, its SPI and sequence number, its UDP payload and when it was captured.
 */
public final class EspCapture {
    private static final int LINUX_SLL = 113;
    private static final int LINUX_SLL2 = 276;

    public record Packet(long micros, InetAddress source, InetAddress destination, long spi, long seq, byte[] udpPayload) {}

    private EspCapture() {}

    public static List<Packet> read(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) b.order(ByteOrder.BIG_ENDIAN);
        boolean nanos = b.getInt(0) == 0xa1b23c4d;
        int linktype = b.getInt(20);
        int cooked = switch (linktype) {
            case LINUX_SLL -> 16;
            case LINUX_SLL2 -> 20;
            default -> throw new IllegalArgumentException("capture of link type " + linktype + ", want tcpdump -i any");
        };
        List<Packet> packets = new ArrayList<>();
        int at = 24;
        while (at + 16 <= b.limit()) {
            long micros = Integer.toUnsignedLong(b.getInt(at)) * 1_000_000 + Integer.toUnsignedLong(b.getInt(at + 4)) / (nanos ? 1000 : 1);
            int length = b.getInt(at + 8);
            int ip = at + 16 + cooked;
            at += 16 + length;
            if (at > b.limit() || (b.get(ip) >>> 4) != 4 || b.get(ip + 9) != 17) continue;
            int udp = ip + (b.get(ip) & 0x0f) * 4;
            int payload = udp + 8;
            if (payload + 8 > at) continue;
            ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
            long spi = Integer.toUnsignedLong(be.getInt(payload));
            if (spi == 0) continue; // IKE behind the non-ESP marker
            int udpLength = be.getShort(udp + 4) & 0xffff;
            byte[] data = Arrays.copyOfRange(b.array(), payload, Math.min(at, udp + udpLength));
            packets.add(new Packet(micros, address(b, ip + 12), address(b, ip + 16), spi,
                    Integer.toUnsignedLong(be.getInt(payload + 4)), data));
        }
        return packets;
    }

    private static InetAddress address(ByteBuffer b, int at) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b.array(), at, at + 4));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
