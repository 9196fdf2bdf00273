package net.vpnaas.dataplane.spd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import net.vpnaas.dataplane.ip.PacketFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Policies match address ranges, not only CIDR prefixes: a range's first and last addresses are
 * in it, their neighbours outside are not, in both directions and for IPv4 and IPv6.
 */
class SpdTest {
    private static final int REQID = 7;

    private static TrafficSelector range(String first, String last) {
        return new TrafficSelector(InetAddress.ofLiteral(first), InetAddress.ofLiteral(last), 0, 0, 65535);
    }

    private static Spd spd(TrafficSelector local, TrafficSelector remote) {
        Spd spd = new Spd();
        spd.install(new TrafficPolicy(REQID, List.of(local), List.of(remote)));
        return spd;
    }

    /** A UDP packet from {@code src} to {@code dst}, IPv4 or IPv6 by the addresses. */
    private static PacketFields packet(String src, String dst) {
        byte[] s = InetAddress.ofLiteral(src).getAddress();
        byte[] d = InetAddress.ofLiteral(dst).getAddress();
        boolean v4 = s.length == 4;
        int header = v4 ? 20 : 40;
        ByteBuffer b = ByteBuffer.allocate(header + 8);
        if (v4) {
            b.put(0, (byte) 0x45).putShort(2, (short) (header + 8)).put(9, (byte) 17).put(12, s).put(16, d);
        } else {
            b.put(0, (byte) 0x60).putShort(4, (short) 8).put(6, (byte) 17).put(8, s).put(24, d);
        }
        b.putShort(header, (short) 1234).putShort(header + 2, (short) 5678).putShort(header + 4, (short) 8);
        PacketFields p = new PacketFields();
        assertThat(p.parse(b, b.capacity())).isTrue();
        return p;
    }

    @ParameterizedTest(name = "to {0}: {1}")
    @CsvSource({
            "10.3.0.9, false", "10.3.0.10, true", "10.3.0.15, true", "10.3.0.20, true", "10.3.0.21, false",
            "2001:db8::9, false", "2001:db8::a, true", "2001:db8::14, true", "2001:db8::15, false"})
    void outboundPacketsMatchARemoteRangeFromItsFirstToItsLastAddress(String destination, boolean matches) {
        boolean v4 = destination.indexOf(':') < 0;
        Spd spd = v4 ? spd(range("10.1.0.0", "10.1.255.255"), range("10.3.0.10", "10.3.0.20"))
                : spd(range("2001:db8:1::", "2001:db8:1::ffff"), range("2001:db8::a", "2001:db8::14"));
        assertThat(spd.lookupOutbound(packet(v4 ? "10.1.2.3" : "2001:db8:1::3", destination)))
                .isEqualTo(matches ? REQID : Spd.NO_MATCH);
    }

    @Test
    void inboundPacketsMustComeFromTheRemoteRangeToTheLocalOne() {
        Spd spd = spd(range("10.1.0.100", "10.1.0.200"), range("10.3.0.10", "10.3.0.20"));
        assertThat(spd.allowsInbound(REQID, packet("10.3.0.10", "10.1.0.200"))).isTrue();
        assertThat(spd.allowsInbound(REQID, packet("10.3.0.21", "10.1.0.150"))).as("source outside the remote range").isFalse();
        assertThat(spd.allowsInbound(REQID, packet("10.3.0.15", "10.1.0.99"))).as("destination outside the local range").isFalse();
    }
}
