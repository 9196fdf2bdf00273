package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.vpnaas.ike.config.AddressRangePool;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.HighAvailability;
import net.vpnaas.ike.config.RemoteAccess;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sync.IkeSaState;
import net.vpnaas.ike.sync.IkeSaStateCodec;
import net.vpnaas.ike.sync.SaStateListener;
import net.vpnaas.ike.sync.SendsFenced;
import net.vpnaas.ike.sync.StateDecodeException;
import org.junit.jupiter.api.Test;

/**
 * A cluster takeover between engines: the gateway "bob" (A) exports the state of its IKE SA with peer
 * "alice" (P) on every change; A is dropped without a word, a new engine B at the same address imports
 * the last state (through the codec, as the sync channel would carry it), and P's next requests are
 * answered at their first transmission, with the same SPIs, as if nothing happened.
 */
class StateTakeoverTest {

    /** The gateway's states as its listener saw them, in order. */
    private static final class Exported implements SaStateListener {
        final List<byte[]> states = new CopyOnWriteArrayList<>();
        final List<Long> removed = new CopyOnWriteArrayList<>();

        @Override
        public void changed(IkeSaState state) {
            states.add(IkeSaStateCodec.encode(state));
        }

        @Override
        public void removed(String connection, long initiatorSpi, long responderSpi) {
            removed.add(initiatorSpi);
        }

        /** The last state, through the codec as a standby receives it. */
        IkeSaState last() {
            try {
                return IkeSaStateCodec.decode(states.getLast());
            } catch (StateDecodeException e) {
                throw new AssertionError("the codec refused its own encoding", e);
            }
        }
    }

    private record Standby(IkeEngine engine, RecordingSaSink sink, List<EngineEvent> events) {}

    /** Drops A (a crash: nothing sent) and starts B on A's address with A's last exported state. */
    private static Standby takeOver(EnginePair p, IkeSaState state, EngineOptions options) {
        return takeOver(p, state, options, EnginePair.bobConfig());
    }

    private static Standby takeOver(EnginePair p, IkeSaState state, EngineOptions options, ConnectionConfig config) {
        p.bob.close();
        RecordingSaSink sink = new RecordingSaSink();
        IkeEngine b = new IkeEngine(p.net.transport(EnginePair.BOB), sink, new Random(99)::nextBytes, options);
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        b.onEvent(events::add);
        b.addConnection(config);
        b.start();
        b.importIkeSa(state);
        EnginePair.await("B installed the Child SAs", () -> sink.installed.size() == state.children().size());
        return new Standby(b, sink, events);
    }

    @Test
    void standbyAnswersThePeerAtItsFirstTransmission() throws Exception {
        try (EnginePair p = new EnginePair()) {
            Exported exported = new Exported();
            p.bob.onStateChange(exported);
            p.establish();
            EnginePair.await("A exported its IKE SA", () -> !exported.states.isEmpty());
            IkeSa peerSa = p.alice.ikeSas("net").getFirst();
            ChildSaInstall before = p.bobSink.current().getFirst();
            Standby b = takeOver(p, exported.last(), EngineOptions.DEFAULT);
            ChildSaInstall after = b.sink().current().getFirst();
            assertThat(after.inbound().spi()).isEqualTo(before.inbound().spi());
            assertThat(after.inbound().encryptionKey()).isEqualTo(before.inbound().encryptionKey());
            assertThat(after.outbound().encryptionKey()).isEqualTo(before.outbound().encryptionKey());
            assertThat(b.sink().policies).hasSize(1);

            // P: HDR(#2), SK {} --> B: <-- HDR(#2), SK {}   (its liveness check)
            int mark = p.net.sent().size();
            p.alice.checkLiveness("net");
            EnginePair.await("B answered", () -> answered(p, mark, 2));
            // P: HDR(#3), SK {N(REKEY_SA), SA, Ni, TSi, TSr} --> B: <-- HDR(#3), SK {SA, Nr, TSi, TSr}; then P's Delete #4
            p.alice.rekeyChildren("net");
            EnginePair.await("Child SA rekeyed with B", () -> p.aliceSink.deleted.size() == 1 && b.sink().deleted.size() == 1);
            // B's own first request: #0 as A would have sent it
            b.engine().checkLiveness("net");
            EnginePair.await("B's probe answered", () -> p.net.sent().stream().skip(mark)
                    .anyMatch(s -> s.header().response() && s.datagram().remote().getAddress().equals(EnginePair.BOB)));
            assertThat(requestsSentMoreThanOnce(p, mark)).as("no retransmission: every request answered at once").isEmpty();
            assertThat(p.alice.ikeSas("net")).containsExactly(peerSa); // same IKE SA, same SPIs
            assertThat(p.aliceEvents).noneMatch(e -> e instanceof EngineEvent.IkeDown);
            // And the IKE SA itself rekeys with B: HDR, SK {SA, Ni, KEi} --> <-- HDR, SK {SA, Nr, KEr}, then P's Delete
            p.alice.rekeyIke("net");
            EnginePair.await("IKE SA rekeyed with B", () -> p.aliceEvents.stream().anyMatch(e -> e instanceof EngineEvent.IkeRekeyed)
                    && b.engine().ikeSas("net").size() == 1 && b.engine().ikeSas("net").getFirst().initiatorSpi() != peerSa.initiatorSpi());
            assertThat(requestsSentMoreThanOnce(p, mark)).isEmpty();
            b.engine().close();
        }
    }

    /**
     * A remote-access client's virtual IP (10.99.0.1, as A leased it; our initiator asks for none, so the
     * exported state is given one) is reserved in B's own pool at the takeover: B leases it to no other
     * client, shows it on the IKE SA, and frees it when the client's IKE SA ends.
     */
    @Test
    void takenOverClientKeepsItsVirtualIpAndTheStandbysPoolHandsItToNoOneElse() throws Exception {
        try (EnginePair p = new EnginePair()) {
            Exported exported = new Exported();
            p.bob.onStateChange(exported);
            p.establish();
            EnginePair.await("A exported its IKE SA", () -> !exported.states.isEmpty());
            IkeSaState s = exported.last();
            InetAddress vip = InetAddress.ofLiteral("10.99.0.1");
            IkeSaState withVip = new IkeSaState(s.connection(), s.originalInitiator(), s.initiatorSpi(), s.responderSpi(), s.local(),
                    s.remote(), s.carrier(), s.localBehindNat(), s.remoteBehindNat(), s.udpEncapsulationForced(), s.algorithms(), s.keys(),
                    s.ni(), s.nr(), s.remoteIdentity(), s.peerFragmentation(), s.peerQcd(), s.peerQcdToken(), s.messageIdSync(),
                    s.replayCounterSync(), s.ppkId(), s.nextRequestId(), s.expectedPeerRequest(), s.lastResponse(), s.establishedAt(),
                    s.ikeRekeyAt(), s.ikeExpiresAt(), s.children(), Optional.of(vip));
            AddressRangePool pool = new AddressRangePool(Optional.of(new AddressRangePool.Range(vip, InetAddress.ofLiteral("10.99.0.2"))),
                    Optional.empty());
            Standby b = takeOver(p, IkeSaStateCodec.decode(IkeSaStateCodec.encode(withVip)), EngineOptions.DEFAULT,
                    EnginePair.bobConfig().withRemoteAccess(new RemoteAccess(pool, List.of())));
            assertThat(pool.leasedCount()).as("reserved at the import").isEqualTo(1);
            assertThat(b.engine().saViews("net", Duration.ofSeconds(5))).singleElement()
                    .satisfies(v -> assertThat(v.virtualAddress()).isEqualTo(vip));
            assertThat(pool.lease("another client", false)).as("never to another client").contains(InetAddress.ofLiteral("10.99.0.2"));

            pool.release(InetAddress.ofLiteral("10.99.0.2"));
            p.alice.deleteIke("net");
            EnginePair.await("the client's IKE SA gone on B", () -> b.engine().ikeSas("net").isEmpty());
            EnginePair.await("its address freed", () -> pool.leasedCount() == 0);
            b.engine().close();
        }
    }

    @Test
    void retransmittedRequestGetsTheResponseTheFailedMemberSent() throws Exception {
        try (EnginePair p = new EnginePair()) {
            Exported exported = new Exported();
            p.bob.onStateChange(exported);
            p.establish();
            // A answers P's #2, but the answer is lost; A's export after that exchange holds it.
            p.net.rule(h -> h.response() && h.exchangeType() == ExchangeType.INFORMATIONAL, InMemoryNetwork.Action.DROP, 1);
            p.alice.checkLiveness("net");
            EnginePair.await("A exported the exchange", () -> !exported.states.isEmpty()
                    && exported.last().lastResponse().map(r -> r.messageId() == 2).orElse(false));
            IkeSaState state = exported.last();
            assertThat(state.expectedPeerRequest()).isEqualTo(3);
            int mark = p.net.sent().size();
            Standby b = takeOver(p, state, EngineOptions.DEFAULT);
            // P retransmits #2; B resends A's response (same bytes), P takes it.
            EnginePair.await("P's retransmission answered", () -> answered(p, mark, 2));
            byte[] resent = p.net.sent().stream().skip(mark).filter(s -> s.header().response() && s.header().messageId() == 2)
                    .findFirst().orElseThrow().datagram().data();
            assertThat(resent).isEqualTo(state.lastResponse().get().datagrams().getFirst().toByteArray());
            p.alice.checkLiveness("net");
            EnginePair.await("#3 answered by B", () -> answered(p, mark, 3));
            assertThat(p.aliceEvents).noneMatch(e -> e instanceof EngineEvent.IkeDown);
            b.engine().close();
        }
    }

    @Test
    void staleStateCatchesUpThroughTheMessageIdSync() throws Exception {
        EngineOptions ha = EngineOptions.DEFAULT.withHighAvailability(HighAvailability.RFC_6311);
        try (EnginePair p = new EnginePair(c -> c, c -> c, ha, ha)) {
            Exported exported = new Exported();
            p.bob.onStateChange(exported);
            p.establish();
            EnginePair.await("RFC 6311 agreed", () -> p.alice.ikeSas("net").getFirst().replayCounterSync());
            EnginePair.await("A exported its IKE SA", () -> !exported.states.isEmpty() && exported.last().messageIdSync());
            IkeSaState stale = exported.last(); // expects P's #2
            p.alice.checkLiveness("net"); // A answers #2, and the standby never hears of it
            EnginePair.await("#2 answered by A", () -> answered(p, 0, 2));
            Standby b = takeOver(p, stale, ha);
            int mark = p.net.sent().size();
            // B: HDR(#0), SK {N(IKEV2_MESSAGE_ID_SYNC nonce, M1 0, P1 2), N(IPSEC_REPLAY_COUNTER_SYNC)} -->
            // P: <-- HDR(#0), SK {N(IKEV2_MESSAGE_ID_SYNC nonce, P2 3, M2 0)}; B now expects #3
            b.engine().synchronizeAfterTakeover("net", 4096);
            EnginePair.await("sync answered", () -> p.net.sent().stream().skip(mark)
                    .anyMatch(s -> s.header().response() && s.header().messageId() == 0));
            long peerInbound = p.aliceSink.current().getFirst().inbound().spi();
            assertThat(p.aliceSink.outboundAdvances).containsEntry(peerInbound, 4096L);
            p.alice.checkLiveness("net");
            EnginePair.await("#3 answered by B", () -> answered(p, mark, 3));
            assertThat(requestsSentMoreThanOnce(p, mark)).isEmpty();
            assertThat(p.aliceEvents).noneMatch(e -> e instanceof EngineEvent.IkeDown);
            b.engine().close();
        }
    }

    /**
     * The send hold: while A's listener takes a state it finds the response of that exchange not yet on the
     * network, and a listener that waits (for standbys' acknowledgements) delays the response by as much.
     */
    @Test
    void responseLeavesOnlyAfterTheListenerTookItsState() throws Exception {
        try (EnginePair p = new EnginePair()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            p.bob.onStateChange(new SaStateListener() {
                @Override
                public void changed(IkeSaState state) {
                    long answeredId = state.expectedPeerRequest() - 1;
                    seen.add(answeredId + (answered(p, 0, answeredId) ? " already sent" : " held"));
                    try {
                        Thread.sleep(200); // the standbys' acknowledgement
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void removed(String connection, long initiatorSpi, long responderSpi) {}
            });
            p.establish();
            long start = System.nanoTime();
            p.alice.checkLiveness("net");
            EnginePair.await("#2 answered", () -> answered(p, 0, 2));
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the response left").isGreaterThanOrEqualTo(200);
            assertThat(seen).contains("1 held", "2 held").noneMatch(line -> line.endsWith("already sent"));
        }
    }

    /** A listener that refuses the state (its cluster member was fenced) keeps the response off the network. */
    @Test
    void fencedListenerKeepsTheResponseOffTheNetwork() throws Exception {
        try (EnginePair p = new EnginePair()) {
            Exported exported = new Exported();
            p.bob.onStateChange(exported);
            p.establish();
            EnginePair.await("A exported its IKE SA", () -> !exported.states.isEmpty());
            p.bob.onStateChange(new SaStateListener() {
                @Override
                public void changed(IkeSaState state) {
                    throw new SendsFenced("epoch 2 is held by another member");
                }

                @Override
                public void removed(String connection, long initiatorSpi, long responderSpi) {}
            });
            int mark = p.net.sent().size();
            p.alice.checkLiveness("net");
            EnginePair.await("P's request and its first retransmission", () -> p.net.sent().stream().skip(mark)
                    .filter(s -> !s.header().response()).count() >= 2);
            assertThat(answered(p, mark, 2)).as("a fenced member answered").isFalse();
        }
    }

    private static boolean answered(EnginePair p, int from, long messageId) {
        return p.net.sent().stream().skip(from).anyMatch(s -> s.header().response() && s.header().messageId() == messageId
                && s.datagram().remote().getAddress().equals(EnginePair.ALICE));
    }

    /** Requests (by sender and Message ID) sent more than once since {@code from}. */
    private static List<String> requestsSentMoreThanOnce(EnginePair p, int from) {
        List<String> keys = p.net.sent().stream().skip(from).map(InMemoryNetwork.Sent::header).filter(h -> !h.response())
                .map(StateTakeoverTest::key).toList();
        return keys.stream().filter(k -> keys.indexOf(k) != keys.lastIndexOf(k)).distinct().toList();
    }

    private static String key(IkeHeader h) {
        return (h.initiator() ? "P" : "B") + "#" + h.messageId() + " " + h.exchangeType();
    }
}
