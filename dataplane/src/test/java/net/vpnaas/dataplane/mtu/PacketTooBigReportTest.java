package net.vpnaas.dataplane.mtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketTooBigReportTest {

    /** IPv4 + ICMP 3/4 quoting an outer packet of {@code protocol} to 192.0.2.2. */
    private static ByteBuffer icmp4(int type, int code, int protocol, int mtu) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + 28);
        b.put(0, (byte) 0x45);
        b.put(9, (byte) 1);
        b.put(20, (byte) type);
        b.put(21, (byte) code);
        b.putShort(26, (short) mtu);
        b.put(28, (byte) 0x45);
        b.put(28 + 9, (byte) protocol);
        b.put(28 + 16, new byte[] {(byte) 192, 0, 2, 2});
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 50})
    void fragmentationNeededAboutOurEspIsReported(int protocol) throws Exception {
        ByteBuffer b = icmp4(3, 4, protocol, 68);
        PacketTooBigReport r = PacketTooBigReport.parse(b, b.capacity(), false);
        assertThat(r).isEqualTo(new PacketTooBigReport(InetAddress.getByName("192.0.2.2"), 68));
        // and the SA's MTU does not follow a forged tiny value below the protocol minimum
        TunnelMtu mtu = new TunnelMtu(false, 1500);
        assertThat(mtu.onPacketTooBig(r.mtu())).isEqualTo(TunnelMtu.IPV4_MINIMUM);
    }

    @Test
    void otherIcmpOrOtherProtocolsAreIgnored() {
        ByteBuffer unreachable = icmp4(3, 1, 50, 0);
        assertThat(PacketTooBigReport.parse(unreachable, unreachable.capacity(), false)).isNull();
        ByteBuffer tcp = icmp4(3, 4, 6, 1400);
        assertThat(PacketTooBigReport.parse(tcp, tcp.capacity(), false)).isNull();
        assertThat(PacketTooBigReport.parse(tcp, 30, false)).as("truncated").isNull();
    }

    @Test
    void icmpv6PacketTooBigIsReported() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(8 + 40 + 8);
        b.put(0, (byte) 2);
        b.putInt(4, 1280);
        b.put(8, (byte) 0x60);
        b.put(8 + 6, (byte) 50);
        b.put(8 + 24, InetAddress.getByName("2001:db8::2").getAddress());
        PacketTooBigReport r = PacketTooBigReport.parse(b, b.capacity(), true);
        assertThat(r).isEqualTo(new PacketTooBigReport(InetAddress.getByName("2001:db8::2"), 1280));
        assertThat(PacketTooBigReport.parse(b, 20, true)).isNull();
    }
}
