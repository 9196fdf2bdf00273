package net.vpnaas.dataplane.worker;

import static net.vpnaas.dataplane.mtu.FragmentationNeeded.ipv4;
import static net.vpnaas.dataplane.mtu.FragmentationNeeded.ipv4Packet;
import static net.vpnaas.dataplane.mtu.FragmentationNeeded.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.mtu.FragmentationNeeded;
import net.vpnaas.dataplane.mtu.PacketTooBigReport;
import net.vpnaas.dataplane.sad.ChildSa;
import net.vpnaas.dataplane.sad.Lifetime;
import org.junit.jupiter.api.Test;

/**
 * Which Packet Too Big messages an SA owns up to: those quoting an ESP packet it sent recently,
 * between its outer addresses and ports. Site A's SA sends SPI B001 in UDP 192.0.2.1:4500 ->
 * 192.0.2.2:4500.
 */
class PacketTooBigVerificationTest {

    /** What a router on the path would send back about {@code esp} sent in the outer packet described. */
    private static PacketTooBigReport quoting(byte[] esp, String source, String destination, int sourcePort, int protocol) {
        byte[] payload = protocol == 17 ? udp(sourcePort, 4500, esp) : esp;
        byte[] icmp = ipv4(1200, Arrays.copyOf(ipv4Packet(protocol, source, destination, payload), 548));
        return PacketTooBigReport.parse(ByteBuffer.wrap(icmp), icmp.length, false);
    }

    private static PacketTooBigReport quoting(byte[] esp) {
        return quoting(esp, "192.0.2.1", "192.0.2.2", 4500, 17);
    }

    @Test
    void aQuoteOfAPacketTheSaSentIsBelievedAndNothingElse() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        byte[] first = p.seal(TunnelPair.udp4("10.1.0.5", "10.2.0.7", 1000));
        assertThat(p.saA.sent(quoting(first))).isTrue();

        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB002, 1)))).as("another SPI").isFalse();
        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB001, 2)))).as("a sequence number not sent yet").isFalse();
        assertThat(p.saA.sent(quoting(first, "192.0.2.9", "192.0.2.2", 4500, 17))).as("not our address").isFalse();
        assertThat(p.saA.sent(quoting(first, "192.0.2.1", "192.0.2.3", 4500, 17))).as("not the peer").isFalse();
        assertThat(p.saA.sent(quoting(first, "192.0.2.1", "192.0.2.2", 500, 17))).as("not our port").isFalse();
        assertThat(p.saA.sent(quoting(first, "192.0.2.1", "192.0.2.2", 0, 50))).as("raw ESP, but the SA sends UDP").isFalse();
    }

    @Test
    void nothingSentMeansNothingToOwnUpTo() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB001, 1)))).isFalse();
        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB001, 0)))).isFalse();
    }

    @Test
    void onlyTheLastMillionOrSoSequenceNumbersAreRecent() throws Exception {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        long window = 1 << 20;
        setNextSequence(p.saA, window + 11); // 1 .. window + 10 sent
        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB001, window + 10)))).isTrue();
        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB001, 11)))).as("the oldest still recent").isTrue();
        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB001, 10)))).as("too old").isFalse();
    }

    @Test
    void withExtendedSequenceNumbersTheLowHalfIsComparedAcrossTheWrap() throws Exception {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128), true, 64, Lifetime.UNLIMITED);
        setNextSequence(p.saA, (1L << 32) + 4); // last sent: 2^32 + 3, carrying 3 on the wire
        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB001, 3)))).isTrue();
        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB001, 0xFFFF_FFF0L)))).as("just before the wrap").isTrue();
        assertThat(p.saA.sent(quoting(FragmentationNeeded.esp(0xB001, 4)))).as("not sent yet").isFalse();
    }

    private static void setNextSequence(ChildSa sa, long value) throws Exception {
        var field = ChildSa.class.getDeclaredField("nextSeq");
        field.setAccessible(true);
        ((java.util.concurrent.atomic.AtomicLong) field.get(sa)).set(value);
    }
}
