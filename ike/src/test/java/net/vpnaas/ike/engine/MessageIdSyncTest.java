package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.function.UnaryOperator;
import net.vpnaas.ike.config.HighAvailability;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.sa.IkeSa;
import org.junit.jupiter.api.Test;

/**
 * RFC 6311 between two engines: support announced in IKE_AUTH, the sync exchange with Message ID 0 after
 * a takeover, IPSEC_REPLAY_COUNTER_SYNC reaching both data paths, and the exchanges after it answered at
 * their first transmission. Bob plays the cluster member that took over.
 */
class MessageIdSyncTest {
    private static final long DELTA = 1_000_000;

    private static EnginePair pair(HighAvailability alice, HighAvailability bob) {
        return new EnginePair(UnaryOperator.identity(), UnaryOperator.identity(),
                EngineOptions.DEFAULT.withHighAvailability(alice), EngineOptions.DEFAULT.withHighAvailability(bob));
    }

    @Test
    void syncAfterTakeoverSetsWindowsAndReplayCounters() {
        try (EnginePair p = pair(HighAvailability.RFC_6311, HighAvailability.RFC_6311)) {
            p.establish();
            IkeSa alice = p.alice.ikeSas("net").getFirst();
            // ESTABLISHED shows to other threads a moment before IKE_AUTH's last task read the response
            EnginePair.await("RFC 6311 agreed", alice::replayCounterSync);
            assertThat(alice.messageIdSync()).isTrue();
            // Alice's requests #2..#4: bob expects #5 next, alice next sends #5
            for (int i = 0; i < 3; i++) {
                p.alice.checkLiveness("net");
                int n = i;
                EnginePair.await("probe answered", () -> responses(p, EnginePair.ALICE).size() >= 2 + n); // IKE_SA_INIT, IKE_AUTH, ...
            }
            int sentBefore = p.net.sent().size();
            // Bob (took over): HDR(#0), SK {N(IKEV2_MESSAGE_ID_SYNC), N(IPSEC_REPLAY_COUNTER_SYNC)} -->
            //                  <-- HDR(#0, response), SK {N(IKEV2_MESSAGE_ID_SYNC)}
            p.bob.synchronizeAfterTakeover("net", DELTA);
            EnginePair.await("sync answered", () -> p.net.sent().stream().skip(sentBefore)
                    .anyMatch(s -> isSync(s.header()) && s.header().response()));
            List<IkeHeader> sync = p.net.sent().stream().skip(sentBefore).map(InMemoryNetwork.Sent::header).filter(MessageIdSyncTest::isSync).toList();
            assertThat(sync).hasSize(2);
            assertThat(sync.getFirst().response()).isFalse();
            assertThat(sync.get(1).response()).isTrue();
            long aliceChild = p.aliceSink.current().getFirst().inbound().spi();
            long bobChild = p.bobSink.current().getFirst().inbound().spi();
            EnginePair.await("alice's outbound sequence numbers jumped", () -> p.aliceSink.outboundAdvances.containsKey(aliceChild));
            assertThat(p.aliceSink.outboundAdvances).containsExactly(java.util.Map.entry(aliceChild, DELTA));
            assertThat(p.bobSink.windowAdvances).containsExactly(java.util.Map.entry(bobChild, DELTA));
            assertThat(p.aliceSink.windowAdvances).isEmpty();
            // Both sides' next requests go through at their first transmission.
            int afterSync = p.net.sent().size();
            p.bob.checkLiveness("net");
            p.alice.checkLiveness("net");
            EnginePair.await("both probes answered", () -> p.net.sent().stream().skip(afterSync)
                    .filter(s -> s.header().exchangeType() == ExchangeType.INFORMATIONAL && s.header().response()).count() == 2);
            assertThat(p.net.sent().stream().skip(afterSync).filter(s -> !s.header().response()).map(s -> s.header().messageId()))
                    .containsExactlyInAnyOrder(0L, 5L);
            assertThat(p.aliceEvents).noneMatch(e -> e instanceof EngineEvent.IkeDown);
        }
    }

    @Test
    void noSyncWhereThePeerDidNotAgree() throws Exception {
        try (EnginePair p = pair(HighAvailability.OFF, HighAvailability.RFC_6311)) {
            p.establish();
            assertThat(p.bob.ikeSas("net").getFirst().messageIdSync()).isFalse();
            // Bob's first request takes #0 itself: after it, a sync request is the only #0 bob could send.
            p.bob.checkLiveness("net");
            EnginePair.await("bob's #0 answered", () -> responses(p, EnginePair.BOB).size() == 1);
            int before = p.net.sent().size();
            p.bob.synchronizeAfterTakeover("net", DELTA);
            p.bob.checkLiveness("net"); // the mailbox's next job: the sync, had there been one, left before it
            EnginePair.await("probe answered", () -> p.net.sent().stream().skip(before).anyMatch(s -> s.header().response()));
            assertThat(p.net.sent().stream().skip(before).map(InMemoryNetwork.Sent::header)).noneMatch(MessageIdSyncTest::isSync);
            assertThat(p.bobSink.windowAdvances).isEmpty();
        }
        // Announced by only one side, the replay counter sync is not in force either
        try (EnginePair p = pair(HighAvailability.RFC_6311, new HighAvailability(true, false))) {
            p.establish();
            IkeSa alice = p.alice.ikeSas("net").getFirst();
            EnginePair.await("Message ID sync agreed", alice::messageIdSync);
            assertThat(alice.replayCounterSync()).isFalse();
        }
    }

    private static List<IkeHeader> responses(EnginePair p, InetAddress to) {
        return p.net.sent().stream().filter(s -> s.datagram().remote().getAddress().equals(to) && s.header().response())
                .map(InMemoryNetwork.Sent::header).toList();
    }

    private static boolean isSync(IkeHeader h) {
        return h.exchangeType() == ExchangeType.INFORMATIONAL && h.messageId() == 0;
    }
}
