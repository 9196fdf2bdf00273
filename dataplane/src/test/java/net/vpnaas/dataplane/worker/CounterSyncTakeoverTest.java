package net.vpnaas.dataplane.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.sad.ChildSa;
import net.vpnaas.dataplane.sad.ChildSaConfig;
import net.vpnaas.dataplane.sad.Lifetime;
import net.vpnaas.dataplane.sad.OuterRoute;
import net.vpnaas.dataplane.sad.SaKeys;
import net.vpnaas.dataplane.sad.Sad;
import net.vpnaas.dataplane.sync.DataPlaneCounterSync;
import net.vpnaas.dataplane.sync.EspCounterSnapshot;
import net.vpnaas.dataplane.sync.SequenceAdvance;
import net.vpnaas.dataplane.sync.Takeover;
import org.junit.jupiter.api.Test;

/**
 * A member takes an SA over from a snapshot of another member's counters, packet by packet through the real
 * processors: its outbound numbers continue past everything the other sent, and its replay window refuses
 * what the other accepted. (The same with two running data paths and sockets: ClusterTakeoverNamespaceTest.)
 */
class CounterSyncTakeoverTest {
    /** The SA of side A, and of side B (their inbound SPIs), as the IKE state taken over names them. */
    private static final List<Long> SA_OF_A = List.of(0xA001L);
    private static final List<Long> SA_OF_B = List.of(0xB001L);
    private static final SequenceAdvance RULE = new SequenceAdvance(Duration.ofMillis(100), 1000, 2.0);
    private final TunnelPair pair = new TunnelPair(EspAlgorithms.aesGcm(128), false, 128, Lifetime.UNLIMITED);
    private final byte[] inner = TunnelPair.udp4("10.1.0.5", "10.2.0.7", 100);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    /** The member that takes over: its own SAD, empty until the takeover installs the SA. */
    private final class Standby {
        final Sad sad = new Sad(pair.listener);
        final DataPlaneCounterSync sync = new DataPlaneCounterSync(sad, RULE, clock::get);

        ChildSa install(ChildSaConfig config) {
            return sad.add(config, new OuterRoute(null, new byte[16], config.endpoints()), 1500);
        }
    }

    @Test
    void outboundNumbersContinuePastEverythingTheOtherSentAfterTheSnapshot() throws Exception {
        DataPlaneCounterSync active = new DataPlaneCounterSync(pair.sadA, RULE, clock::get);
        List<Integer> sentByA = new ArrayList<>();
        active.snapshot();
        for (int i = 0; i < 2000; i++) sentByA.add(seq(pair.seal(inner)));
        clock.addAndGet(100_000_000L); // 2000 packets in 0.1 s: 20,000 a second
        byte[] snapshot = active.snapshot();
        assertThat(EspCounterSnapshot.decode(snapshot).sas().getFirst().outboundRate()).isEqualTo(20_000);
        for (int i = 0; i < 3000; i++) sentByA.add(seq(pair.seal(inner))); // after the last snapshot: unknown to the standby

        Standby b = new Standby();
        b.sync.importSnapshot(snapshot);
        Takeover t = b.sync.advanceForTakeover(Duration.ofMillis(150), SA_OF_A);
        // 2001 + 20,000/s x 2 x (0.15 s + 0.1 s) = 2001 + 10,000
        assertThat(t.nextOutbound()).containsEntry(0xA001L, 12_001L);
        assertThat(t.mustRekey()).isEmpty();
        b.install(pair.configA);
        OutboundProcessor out = new OutboundProcessor(b.sad, pair.spdA, pair.countersA, false);
        int first = seal(out);
        assertThat(first).isEqualTo(12_001).isGreaterThan(sentByA.stream().mapToInt(Integer::intValue).max().orElseThrow());
        // and the peer accepts it: its window only moves up
        assertThat(pair.open(sealed(out))).isPositive();
    }

    /** A rekey after the last snapshot: the new SA is in the IKE state taken over, not in the counters. */
    @Test
    void anSaSetUpAfterTheLastSnapshotStartsPastWhatTheOtherCanHaveSentOnIt() throws Exception {
        DataPlaneCounterSync active = new DataPlaneCounterSync(pair.sadA, RULE, clock::get);
        active.snapshot();
        for (int i = 0; i < 2000; i++) pair.seal(inner);
        clock.addAndGet(100_000_000L); // 20,000 a second
        byte[] snapshot = active.snapshot();
        ChildSaConfig a = pair.configA;
        ChildSaConfig rekeyed = new ChildSaConfig(a.reqid(), a.tunnelName(), a.algorithms(),
                new SaKeys(0xA002, a.inbound().encryptionKey(), a.inbound().integrityKey()),
                new SaKeys(0xB002, a.outbound().encryptionKey(), a.outbound().integrityKey()), a.endpoints(), a.esn(),
                a.replayWindow(), a.lifetime());
        pair.sadA.add(rekeyed, new OuterRoute(null, new byte[16], a.endpoints()), 1500); // the newest SA of reqid 1 sends
        int lastOnRekeyed = 0;
        for (int i = 0; i < 3000; i++) lastOnRekeyed = seq(pair.seal(inner));
        assertThat(lastOnRekeyed).isEqualTo(3000);

        Standby b = new Standby();
        b.sync.importSnapshot(snapshot);
        Takeover t = b.sync.advanceForTakeover(Duration.ofMillis(150), List.of(0xA001L, 0xA002L));
        assertThat(t.nextOutbound()).containsEntry(0xA002L, 10_001L); // 1 + 20,000/s x 2 x 0.25 s
        b.install(rekeyed);
        OutboundProcessor out = new OutboundProcessor(b.sad, pair.spdA, pair.countersA, false);
        assertThat(seal(out)).isEqualTo(10_001).isGreaterThan(lastOnRekeyed);
    }

    @Test
    void theInheritedWindowDropsWhatTheOtherAcceptedAndCountsItAsAReplay() throws Exception {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 100; i++) packets.add(pair.seal(inner));
        for (int i = 0; i < 100; i++) {
            if (i != 49) assertThat(pair.open(packets.get(i))).isPositive(); // number 50 is lost on the way
        }
        DataPlaneCounterSync active = new DataPlaneCounterSync(pair.sadB, RULE, clock::get);
        Standby b = new Standby();
        b.sync.importSnapshot(active.snapshot());
        b.sync.advanceForTakeover(Duration.ofMillis(50), SA_OF_B);
        ChildSa taken = b.install(pair.configB);
        InboundProcessor in = new InboundProcessor(b.sad, pair.spdB, pair.countersB);

        assertThat(open(in, packets.get(9))).as("replay of number 10").isZero();
        assertThat(open(in, packets.get(99))).as("replay of the highest").isZero();
        assertThat(taken.usage().replayDrops()).isEqualTo(2);
        assertThat(open(in, packets.get(49))).as("number 50, which the other never received").isPositive();
        assertThat(open(in, pair.seal(inner))).as("the peer's next packet").isPositive();
        assertThat(taken.usage().packetsIn()).isEqualTo(2);
    }

    /**
     * Packets the other accepted after its last snapshot are unknown to the snapshot: only RFC 6311's replay
     * counter sync makes them replays too (the peer's numbers jump by the delta the takeover proposes).
     */
    @Test
    void theProposedReplayCounterSyncDeltaCoversWhatTheOtherAcceptedAfterTheSnapshot() throws Exception {
        DataPlaneCounterSync active = new DataPlaneCounterSync(pair.sadB, RULE, clock::get);
        active.snapshot();
        for (int i = 0; i < 500; i++) assertThat(pair.open(pair.seal(inner))).isPositive();
        clock.addAndGet(50_000_000L); // 10,000 a second
        byte[] snapshot = active.snapshot();
        List<byte[]> afterSnapshot = new ArrayList<>();
        for (int i = 0; i < 400; i++) afterSnapshot.add(pair.seal(inner));
        for (byte[] p : afterSnapshot) assertThat(pair.open(p)).isPositive();

        Standby withoutSync = new Standby();
        withoutSync.sync.importSnapshot(snapshot);
        withoutSync.sync.advanceForTakeover(Duration.ofMillis(40), SA_OF_B);
        withoutSync.install(pair.configB);
        assertThat(open(new InboundProcessor(withoutSync.sad, pair.spdB, pair.countersB), afterSnapshot.getLast()))
                .as("without RFC 6311 a packet accepted after the snapshot passes once more").isPositive();

        Standby withSync = new Standby();
        withSync.sync.importSnapshot(snapshot);
        Takeover t = withSync.sync.advanceForTakeover(Duration.ofMillis(40), SA_OF_B);
        assertThat(t.replayCounterSyncDelta()).isGreaterThan(afterSnapshot.size());
        ChildSa taken = withSync.install(pair.configB);
        taken.replayWindow().advance(t.replayCounterSyncDelta()); // what the engine does in the RFC 6311 exchange
        InboundProcessor in = new InboundProcessor(withSync.sad, pair.spdB, pair.countersB);
        for (byte[] p : afterSnapshot) assertThat(open(in, p)).isZero();
        assertThat(taken.usage().replayDrops()).isEqualTo(afterSnapshot.size());
    }

    @Test
    void anSaWhoseCounterTheAdvanceWouldExhaustIsRekeyedAndNeverWraps() throws Exception {
        pair.saA.advanceOutbound(0xFFFF_FFFFL - 500 - 1); // 500 numbers left
        DataPlaneCounterSync active = new DataPlaneCounterSync(pair.sadA, RULE, clock::get);
        Standby b = new Standby();
        b.sync.importSnapshot(active.snapshot());
        Takeover t = b.sync.advanceForTakeover(Duration.ZERO, SA_OF_A);
        assertThat(t.mustRekey()).containsExactly(0xA001L);
        assertThat(t.nextOutbound()).isEmpty();
        b.install(pair.configA);
        assertThat(pair.events).containsExactly("expired a001 SOFT"); // rekey at once
        OutboundProcessor out = new OutboundProcessor(b.sad, pair.spdA, pair.countersA, false);
        ByteBuffer in = ByteBuffer.allocate(2048);
        in.put(0, inner);
        assertThat(out.seal(in, inner.length, ByteBuffer.allocate(2048), ByteBuffer.allocate(2048))).isEqualTo(OutboundProcessor.DROPPED);
        assertThat(pair.events).containsExactly("expired a001 SOFT", "expired a001 HARD");
    }

    @Test
    void withoutAnySnapshotEverySaTakenOverIsRekeyedAndSendsNothing() {
        Standby b = new Standby();
        Takeover t = b.sync.advanceForTakeover(Duration.ofMillis(10), SA_OF_A);
        assertThat(t.mustRekey()).containsExactly(0xA001L);
        b.install(pair.configA);
        ByteBuffer in = ByteBuffer.allocate(2048);
        in.put(0, inner);
        OutboundProcessor out = new OutboundProcessor(b.sad, pair.spdA, pair.countersA, false);
        assertThat(out.seal(in, inner.length, ByteBuffer.allocate(2048), ByteBuffer.allocate(2048))).isEqualTo(OutboundProcessor.DROPPED);
        assertThat(pair.events).containsExactly("expired a001 SOFT", "expired a001 HARD");
    }

    @Test
    void anSaInstalledBeforeTheTakeoverIsMovedUpNeverDown() throws Exception {
        DataPlaneCounterSync active = new DataPlaneCounterSync(pair.sadA, RULE, clock::get);
        for (int i = 0; i < 10; i++) pair.seal(inner);
        Standby b = new Standby();
        b.sync.importSnapshot(active.snapshot());
        ChildSa early = b.install(pair.configA);
        early.advanceOutbound(50_000);
        b.sync.advanceForTakeover(Duration.ZERO, SA_OF_A);
        assertThat(early.peekNextSequence()).isEqualTo(50_001); // 11 + 1000 would be lower: kept
    }

    private byte[] sealed(OutboundProcessor out) {
        ByteBuffer in = ByteBuffer.allocate(2048);
        in.put(0, inner);
        ByteBuffer esp = ByteBuffer.allocate(2048);
        int length = out.seal(in, inner.length, esp, ByteBuffer.allocate(2048));
        assertThat(length).isPositive();
        byte[] bytes = new byte[length];
        esp.get(0, bytes);
        return bytes;
    }

    private int seal(OutboundProcessor out) {
        return seq(sealed(out));
    }

    private static int open(InboundProcessor in, byte[] esp) {
        return in.open(ByteBuffer.wrap(esp), esp.length, ByteBuffer.allocate(2048));
    }

    private static int seq(byte[] esp) {
        return ByteBuffer.wrap(esp).getInt(4);
    }
}
