package net.vpnaas.dataplane.mtu;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.sad.ChildSa;
import net.vpnaas.dataplane.sad.ChildSaConfig;
import net.vpnaas.dataplane.sad.Lifetime;
import net.vpnaas.dataplane.sad.OuterEndpoints;
import net.vpnaas.dataplane.sad.OuterRoute;
import net.vpnaas.dataplane.sad.SaEventListener;
import net.vpnaas.dataplane.sad.SaKeys;
import net.vpnaas.dataplane.sad.Sad;

/**
 * Jazzer target over what the data path does with an ICMP message from anyone: decode it as a
 * Packet Too Big ({@link PacketTooBigReport#parse}) and ask an SA whether it sent the quoted packet.
 * The first input byte picks the family (bit 0) and how many bytes short of the buffer the length
 * given to the decoder is (bits 1-3); the rest is the message. Any exception is a finding, and so is
 * a report whose fields could not have come from the bytes (a port beyond 16 bits, an SPI with no
 * sequence number, an address of the other family).
 */
public final class PacketTooBigReportFuzzTarget {

    static final long SPI = 0xB001;
    /** An SA that has sent 1000 packets over ESP-in-UDP from 192.0.2.1:4500 to 192.0.2.2:4500. */
    private static final ChildSa SA = sa();

    private PacketTooBigReportFuzzTarget() {}

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) return;
        boolean ipv6 = (data[0] & 1) != 0;
        ByteBuffer message = ByteBuffer.wrap(data, 1, data.length - 1).slice();
        int length = Math.max(0, message.limit() - ((data[0] >>> 1) & 7));
        PacketTooBigReport r = PacketTooBigReport.parse(message, length, ipv6);
        if (r == null) return;
        check(r, ipv6);
        SA.sent(r);
    }

    private static void check(PacketTooBigReport r, boolean ipv6) {
        boolean ports = r.sourcePort() == PacketTooBigReport.NONE && r.destinationPort() == PacketTooBigReport.NONE
                || r.protocol() == PacketTooBigReport.UDP && inRange(r.sourcePort(), 0xFFFF) && inRange(r.destinationPort(), 0xFFFF);
        boolean esp = r.spi() == PacketTooBigReport.NONE ? r.sequence() == PacketTooBigReport.NONE
                : inRange(r.spi() - 1, 0xFFFF_FFFEL) && inRange(r.sequence(), 0xFFFF_FFFFL);
        boolean family = (r.source() instanceof Inet4Address) != ipv6 && (r.destination() instanceof Inet4Address) != ipv6;
        boolean protocol = r.protocol() == PacketTooBigReport.ESP || r.protocol() == PacketTooBigReport.UDP;
        if (!ports || !esp || !family || !protocol || r.mtu() < 0) throw new IllegalStateException("impossible report " + r);
    }

    private static boolean inRange(long value, long max) {
        return value >= 0 && value <= max;
    }

    /** Starting points: ICMPv4 about an ESP-in-UDP packet of the SA (first byte: IPv4, full length). */
    public static Map<String, byte[]> seeds() {
        byte[] quoted = FragmentationNeeded.ipv4Packet(17, "192.0.2.1", "192.0.2.2",
                FragmentationNeeded.udp(4500, 4500, FragmentationNeeded.esp(SPI, 900)));
        byte[] icmp = FragmentationNeeded.ipv4(1200, quoted);
        byte[] input = new byte[icmp.length + 1];
        System.arraycopy(icmp, 0, input, 1, icmp.length);
        return Map.of("ipv4-esp-in-udp", input);
    }

    private static ChildSa sa() {
        SaEventListener ignore = new SaEventListener() {
            @Override
            public void expired(long inboundSpi, Limit limit) {}

            @Override
            public void acquire(int reqid) {}
        };
        OuterEndpoints endpoints = new OuterEndpoints(new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 4500),
                new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 4500), true);
        EspAlgorithms gcm = EspAlgorithms.aesGcm(128);
        ChildSa sa = new Sad(ignore).add(new ChildSaConfig(1, "fuzz", gcm, new SaKeys(0xA001, new byte[20], new byte[0]),
                new SaKeys(SPI, new byte[20], new byte[0]), endpoints, false, 64, Lifetime.UNLIMITED),
                new OuterRoute(null, new byte[16], endpoints), 1500);
        for (int i = 0; i < 1000; i++) sa.nextSequence();
        return sa;
    }
}
