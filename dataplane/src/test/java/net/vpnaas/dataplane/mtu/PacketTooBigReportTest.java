package net.vpnaas.dataplane.mtu;

import static net.vpnaas.dataplane.mtu.FragmentationNeeded.esp;
import static net.vpnaas.dataplane.mtu.FragmentationNeeded.ipv4;
import static net.vpnaas.dataplane.mtu.FragmentationNeeded.ipv4Packet;
import static net.vpnaas.dataplane.mtu.FragmentationNeeded.ipv6;
import static net.vpnaas.dataplane.mtu.FragmentationNeeded.ipv6Packet;
import static net.vpnaas.dataplane.mtu.FragmentationNeeded.udp;
import static net.vpnaas.dataplane.mtu.PacketTooBigReport.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketTooBigReportTest {

    private static final InetAddress US = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress PEER = InetAddress.ofLiteral("192.0.2.2");

    private static PacketTooBigReport parse(byte[] icmp, boolean ipv6) {
        return PacketTooBigReport.parse(ByteBuffer.wrap(icmp), icmp.length, ipv6);
    }

    @Test
    void espInUdpShowsAddressesPortsSpiAndSequence() {
        byte[] quoted = ipv4Packet(17, "192.0.2.1", "192.0.2.2", udp(4500, 4501, esp(0xC0FFEE01L, 0xFFFF_FFF0L)));
        assertThat(parse(ipv4(1400, quoted), false))
                .isEqualTo(new PacketTooBigReport(1400, US, PEER, 17, 4500, 4501, 0xC0FFEE01L, 0xFFFF_FFF0L));
    }

    @Test
    void rawEspShowsSpiAndSequenceWithoutPorts() {
        byte[] quoted = ipv4Packet(50, "192.0.2.1", "192.0.2.2", esp(0x1001, 7));
        assertThat(parse(ipv4(1300, quoted), false)).isEqualTo(new PacketTooBigReport(1300, US, PEER, 50, NONE, NONE, 0x1001, 7));
    }

    @Test
    void ikeBehindTheNonEspMarkerOrAShortQuoteShowsNoSpi() {
        byte[] ike = ipv4Packet(17, "192.0.2.1", "192.0.2.2", udp(4500, 4500, esp(0, 5)));
        assertThat(parse(ipv4(1300, ike), false).spi()).isEqualTo(NONE);
        // RFC 792 asks routers for the IP header and 8 bytes only: the UDP header, no ESP header.
        byte[] eight = Arrays.copyOf(ipv4Packet(17, "192.0.2.1", "192.0.2.2", udp(4500, 4500, esp(0x1001, 7))), 28);
        PacketTooBigReport r = parse(ipv4(1300, eight), false);
        assertThat(r.sourcePort()).isEqualTo(4500);
        assertThat(r.spi()).isEqualTo(NONE);
        assertThat(r.sequence()).isEqualTo(NONE);
    }

    @Test
    void aLaterFragmentQuotesNoTransportHeader() {
        byte[] quoted = ipv4Packet(50, "192.0.2.1", "192.0.2.2", esp(0x1001, 7));
        quoted[6] = 0x20; // more fragments ...
        quoted[7] = 0x10; // ... at offset 16 * 8
        PacketTooBigReport r = parse(ipv4(1300, quoted), false);
        assertThat(r.spi()).isEqualTo(NONE);
        assertThat(r.destination()).isEqualTo(PEER);
    }

    @Test
    void nothingIsReadBeyondTheLengthGiven() {
        byte[] icmp = ipv4(1300, ipv4Packet(50, "192.0.2.1", "192.0.2.2", esp(0x1001, 7)));
        PacketTooBigReport r = PacketTooBigReport.parse(ByteBuffer.wrap(icmp), 20 + 8 + 20 + 4, false);
        assertThat(r.spi()).as("half an ESP header").isEqualTo(NONE);
        assertThat(PacketTooBigReport.parse(ByteBuffer.wrap(icmp), 20 + 8 + 19, false)).as("no whole quoted IP header").isNull();
        assertThat(PacketTooBigReport.parse(ByteBuffer.wrap(icmp), icmp.length + 1, false)).as("more than the buffer").isNull();
    }

    @Test
    void otherIcmpAndOtherQuotedProtocolsAreNoReport() {
        byte[] quoted = ipv4Packet(50, "192.0.2.1", "192.0.2.2", esp(0x1001, 7));
        byte[] unreachable = ipv4(1300, quoted);
        unreachable[21] = 1;
        assertThat(parse(unreachable, false)).isNull();
        assertThat(parse(ipv4(1300, ipv4Packet(6, "192.0.2.1", "192.0.2.2", new byte[20])), false)).as("TCP").isNull();
        byte[] notIpv4 = ipv4(1300, quoted);
        notIpv4[28] = 0x65;
        assertThat(parse(notIpv4, false)).isNull();
    }

    @Test
    void icmpv6PacketTooBigQuotingEspInUdp() {
        byte[] quoted = ipv6Packet(17, "2001:db8::1", "2001:db8::2", udp(4500, 4500, esp(0x2002, 99)));
        assertThat(parse(ipv6(1280, quoted), true)).isEqualTo(new PacketTooBigReport(1280, InetAddress.ofLiteral("2001:db8::1"),
                InetAddress.ofLiteral("2001:db8::2"), 17, 4500, 4500, 0x2002, 99));
        byte[] withExtensionHeader = ipv6Packet(0, "2001:db8::1", "2001:db8::2", new byte[16]);
        assertThat(parse(ipv6(1280, withExtensionHeader), true)).as("not a packet of ours").isNull();
        assertThat(parse(Arrays.copyOf(ipv6(1280, quoted), 20), true)).isNull();
    }

    /** Found by fuzzing: Java reads ::ffff:192.0.2.2 as the IPv4 address 192.0.2.2, which an IPv4 SA would match. */
    @Test
    void anIpv6QuoteWithIpv4MappedAddressesIsNoReport() {
        byte[] quoted = ipv6Packet(17, "::ffff:192.0.2.1", "::ffff:192.0.2.2", udp(4500, 4500, esp(0x2002, 99)));
        assertThat(parse(ipv6(1280, quoted), true)).isNull();
    }
}
