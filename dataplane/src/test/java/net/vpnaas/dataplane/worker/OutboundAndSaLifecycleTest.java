package net.vpnaas.dataplane.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.ip.Checksum;
import net.vpnaas.dataplane.sad.ChildSa;
import net.vpnaas.dataplane.sad.ChildSaConfig;
import net.vpnaas.dataplane.sad.Lifetime;
import net.vpnaas.dataplane.sad.OuterEndpoints;
import net.vpnaas.dataplane.sad.OuterRoute;
import net.vpnaas.dataplane.sad.SaKeys;
import net.vpnaas.dataplane.spd.TrafficPolicy;
import net.vpnaas.dataplane.spd.TrafficSelector;
import org.junit.jupiter.api.Test;

/** SPD lookup, make-before-break, lifetimes, sequence exhaustion and the tunnel MTU answer. */
class OutboundAndSaLifecycleTest {
    private final byte[] inner = TunnelPair.udp4("10.1.0.5", "10.2.0.7", 100);

    private static int seal(TunnelPair p, byte[] packet) {
        ByteBuffer in = ByteBuffer.allocate(2048);
        in.put(0, packet);
        return p.outA.seal(in, packet.length, ByteBuffer.allocate(2048), ByteBuffer.allocate(2048));
    }

    @Test
    void packetMatchingNoPolicyIsDroppedAndCounted() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        assertThat(seal(p, TunnelPair.udp4("10.1.0.5", "10.3.0.7", 10))).isEqualTo(OutboundProcessor.DROPPED);
        assertThat(p.countersA.snapshot().noPolicy()).isEqualTo(1);
    }

    @Test
    void packetMatchingNoPolicyIsBypassedWhenConfigured() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        OutboundProcessor bypassing = new OutboundProcessor(p.sadA, p.spdA, p.countersA, true);
        ByteBuffer in = ByteBuffer.wrap(TunnelPair.udp4("10.1.0.5", "10.3.0.7", 10));
        assertThat(bypassing.seal(in, in.capacity(), ByteBuffer.allocate(2048), ByteBuffer.allocate(2048)))
                .isEqualTo(OutboundProcessor.BYPASS);
        assertThat(p.countersA.snapshot().bypassed()).isEqualTo(1);
    }

    @Test
    void policyWithoutSaRaisesOneAcquirePerSecond() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        p.spdA.install(new TrafficPolicy(9, List.of(TrafficSelector.ofCidr("10.1.0.0/24")), List.of(TrafficSelector.ofCidr("10.9.0.0/24"))));
        for (int i = 0; i < 5; i++) assertThat(seal(p, TunnelPair.udp4("10.1.0.5", "10.9.0.7", 10))).isEqualTo(OutboundProcessor.DROPPED);
        assertThat(p.events).containsExactly("acquire 9");
        assertThat(p.countersA.snapshot().noSa()).isEqualTo(5);
    }

    @Test
    void portSelectorsNarrowThePolicy() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        p.spdA.remove(new TrafficPolicy(1, List.of(TrafficSelector.ofCidr("10.1.0.0/24")), List.of(TrafficSelector.ofCidr("10.2.0.0/24"))));
        var dst = new TrafficSelector(addr("10.2.0.0"), addr("10.2.0.255"), 17, 5000, 6000);
        p.spdA.install(new TrafficPolicy(1, List.of(TrafficSelector.ofCidr("10.1.0.0/24")), List.of(dst)));
        assertThat(seal(p, inner)).isPositive(); // UDP to port 5678
        byte[] otherPort = inner.clone();
        ByteBuffer.wrap(otherPort).putShort(22, (short) 7000);
        assertThat(seal(p, otherPort)).isEqualTo(OutboundProcessor.DROPPED);
    }

    @Test
    void rekeyedSaTakesOverOutboundWhileTheOldOneStillDecrypts() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        byte[] beforeRekey = p.seal(inner);
        EspAlgorithms alg = EspAlgorithms.aesGcm(128);
        byte[] k = new byte[20];
        OuterEndpoints ab = p.saA.route().endpoints();
        ChildSa newer = p.sadA.add(new ChildSaConfig(1, "t", alg, new SaKeys(0xA002, k, new byte[0]), new SaKeys(0xB002, k, new byte[0]),
                ab, false, 64, Lifetime.UNLIMITED), new OuterRoute(null, new byte[16], ab), 1500);
        byte[] afterRekey = p.seal(inner);
        assertThat(ByteBuffer.wrap(afterRekey).getInt(0)).isEqualTo(0xB002);
        assertThat(newer.usage().packetsOut()).isEqualTo(1);
        assertThat(p.open(beforeRekey)).as("old SA still decrypts").isPositive();
        p.sadA.delete(0xA002);
        assertThat(ByteBuffer.wrap(p.seal(inner)).getInt(0)).as("back to the old SA after delete").isEqualTo(0xB001);
    }

    @Test
    void softThenHardPacketLimitsAreReportedOnceAndStopTheSa() {
        TunnelPair p = new TunnelPair(EspAlgorithms.chaCha20Poly1305(), false, 64,
                new Lifetime(0, 0, 3, 5, Duration.ZERO, Duration.ZERO));
        for (int i = 0; i < 5; i++) assertThat(seal(p, inner)).isPositive();
        assertThat(p.events).containsExactly("expired a001 SOFT", "expired a001 HARD");
        assertThat(seal(p, inner)).as("expired SA carries no traffic").isEqualTo(OutboundProcessor.DROPPED);
        assertThat(p.events).containsExactly("expired a001 SOFT", "expired a001 HARD", "acquire 1");
    }

    @Test
    void byteLimitCountsInnerBytes() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(256), false, 64,
                new Lifetime(inner.length * 2L, 0, 0, 0, Duration.ZERO, Duration.ZERO));
        seal(p, inner);
        assertThat(p.events).isEmpty();
        seal(p, inner);
        assertThat(p.events).containsExactly("expired a001 SOFT");
    }

    @Test
    void timeLimitIsReportedByTheTick() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128), false, 64,
                new Lifetime(0, 0, 0, 0, Duration.ofSeconds(50), Duration.ofSeconds(60)));
        long t0 = p.saA.installedNanos();
        p.sadA.tick(t0 + Duration.ofSeconds(49).toNanos());
        assertThat(p.events).isEmpty();
        p.sadA.tick(t0 + Duration.ofSeconds(50).toNanos());
        p.sadA.tick(t0 + Duration.ofSeconds(51).toNanos());
        assertThat(p.events).containsExactly("expired a001 SOFT");
        p.sadA.tick(t0 + Duration.ofSeconds(60).toNanos());
        assertThat(p.events).containsExactly("expired a001 SOFT", "expired a001 HARD");
    }

    @Test
    void esnCarriesTheSequenceAcrossTwoToThe32() throws Exception {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesCbcHmac(128, EspAlgorithms.AUTH_HMAC_SHA2_256_128), true, 128, Lifetime.UNLIMITED);
        setNextSequence(p.saA, 0xFFFF_FFFEL);
        p.saB.replayWindow().accept(0xFFFF_FFF0L);
        for (int i = 0; i < 4; i++) assertThat(p.open(p.seal(inner))).isPositive();
        assertThat(p.saB.replayWindow().highest()).isEqualTo(0x1_0000_0001L);
    }

    @Test
    void withoutEsnTheSequenceNeverWrapsButExpiresTheSa() throws Exception {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        setNextSequence(p.saA, 0xFFFF_FFFFL);
        assertThat(seal(p, inner)).isPositive();
        assertThat(seal(p, inner)).isEqualTo(OutboundProcessor.DROPPED);
        assertThat(p.events).contains("expired a001 HARD");
    }

    @Test
    void tooBigPacketWithDfGetsIcmpFragmentationNeededWithTheTunnelMtu() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        int innerMtu = p.saA.innerMtu();
        // 1500 - 20 (IP) - 8 (UDP) - 8 (ESP) - 8 (IV) - 16 (ICV) = 1440, aligned to 4, minus the 2-byte trailer
        assertThat(innerMtu).isEqualTo(1438);
        byte[] big = TunnelPair.udp4("10.1.0.5", "10.2.0.7", innerMtu - 28 + 1);
        ByteBuffer in = ByteBuffer.allocate(2048);
        in.put(0, big);
        ByteBuffer icmp = ByteBuffer.allocate(2048);
        assertThat(p.outA.seal(in, big.length, ByteBuffer.allocate(2048), icmp)).isEqualTo(OutboundProcessor.TOO_BIG);
        int length = p.outA.icmpLength();
        assertThat(length).isEqualTo(20 + 8 + 28);
        assertThat(icmp.get(9)).isEqualTo((byte) 1);
        assertThat(icmp.getInt(16)).as("sent back to the sender").isEqualTo(ByteBuffer.wrap(big).getInt(12));
        assertThat(icmp.get(20)).isEqualTo((byte) 3);
        assertThat(icmp.get(21)).isEqualTo((byte) 4);
        assertThat(icmp.getShort(26) & 0xFFFF).isEqualTo(innerMtu);
        assertThat(Checksum.finish(Checksum.add(0, icmp, 0, 20))).isZero();
        assertThat(Checksum.finish(Checksum.add(0, icmp, 20, length - 20))).isZero();
        assertThat(p.countersA.snapshot().tooBig()).isEqualTo(1);
        assertThat(p.saA.usage().packetsOut()).isZero();
    }

    @Test
    void tooBigIpv6PacketGetsIcmpv6PacketTooBig() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        p.spdA.install(new TrafficPolicy(1, List.of(TrafficSelector.ofCidr("fd00:1::/64")), List.of(TrafficSelector.ofCidr("fd00:2::/64"))));
        ByteBuffer v6 = ByteBuffer.allocate(2048);
        int payload = 1500;
        v6.putInt(0, 0x6000_0000);
        v6.putShort(4, (short) payload);
        v6.put(6, (byte) 17);
        v6.put(7, (byte) 64);
        v6.put(8, addr("fd00:1::5").getAddress());
        v6.put(24, addr("fd00:2::7").getAddress());
        ByteBuffer icmp = ByteBuffer.allocate(2048);
        assertThat(p.outA.seal(v6, 40 + payload, ByteBuffer.allocate(2048), icmp)).isEqualTo(OutboundProcessor.TOO_BIG);
        int length = p.outA.icmpLength();
        assertThat(length).isEqualTo(1280);
        assertThat(icmp.get(40)).isEqualTo((byte) 2);
        assertThat(icmp.getInt(44)).isEqualTo(p.saA.innerMtu());
        long sum = Checksum.add(0, icmp, 8, 32) + (length - 40) + 58;
        assertThat(Checksum.finish(Checksum.add(sum, icmp, 40, length - 40))).isZero();
    }

    @Test
    void forgedPacketTooBigCannotShrinkTheTunnelBelowTheProtocolMinimum() {
        TunnelPair p = new TunnelPair(EspAlgorithms.aesGcm(128));
        assertThat(p.saA.mtu().onPacketTooBig(68)).isEqualTo(576);
        assertThat(p.saA.innerMtu()).isEqualTo(514);
        assertThat(p.saA.mtu().onPacketTooBig(9000)).as("never above the configured MTU").isEqualTo(1500);
        assertThat(p.saA.mtu().onPacketTooBig(1400)).isEqualTo(1400);
    }

    private static void setNextSequence(ChildSa sa, long value) throws Exception {
        var field = ChildSa.class.getDeclaredField("nextSeq");
        field.setAccessible(true);
        ((java.util.concurrent.atomic.AtomicLong) field.get(sa)).set(value);
    }

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
