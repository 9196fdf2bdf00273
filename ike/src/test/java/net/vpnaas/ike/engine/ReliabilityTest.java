package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.message.ExchangeType;
import org.junit.jupiter.api.Test;

class ReliabilityTest {

    @Test
    void lostIkeSaInitResponseIsRetransmittedAndAnsweredFromTheSameSa() {
        try (EnginePair p = new EnginePair()) {
            // HDR, SAi1, KEi, Ni  -->
            //                     <--  HDR, SAr1, KEr, Nr      (lost)
            // HDR, SAi1, KEi, Ni  -->  (retransmission after the timeout)
            //                     <--  HDR, SAr1, KEr, Nr      (the cached response, same SPI and KE)
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_SA_INIT && h.response(), InMemoryNetwork.Action.DROP, 1);
            p.establish();
            p.assertMirrored();
            assertThat(p.bob.ikeSas("net")).hasSize(1);
            var responses = p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_SA_INIT && s.header().response()).toList();
            assertThat(responses.size()).isGreaterThanOrEqualTo(2);
            assertThat(responses.get(1).datagram().data()).isEqualTo(responses.get(0).datagram().data());
        }
    }

    @Test
    void duplicatedIkeAuthRequestIsAnsweredFromTheCacheWithoutASecondChildSa() {
        try (EnginePair p = new EnginePair()) {
            // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->  (delivered twice)
            //                     <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}   (twice, identical bytes)
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_AUTH && !h.response(), InMemoryNetwork.Action.DUPLICATE, 1);
            p.establish();
            EnginePair.await("second response", () -> p.net.sent().stream()
                    .filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH && s.header().response()).count() == 2);
            p.assertMirrored();
            assertThat(p.bobSink.added).hasSize(1);
            assertThat(p.aliceSink.added).hasSize(1);
        }
    }

    @Test
    void lostIkeAuthRequestIsRetransmitted() {
        try (EnginePair p = new EnginePair()) {
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_AUTH && !h.response(), InMemoryNetwork.Action.DROP, 2);
            p.establish();
            p.assertMirrored();
        }
    }

    @Test
    void deleteOfTheIkeSaRemovesEverythingOnBothSides() {
        try (EnginePair p = new EnginePair()) {
            p.establish();
            // HDR, SK {D(IKE)}  -->
            //                     <--  HDR, SK {}
            p.alice.deleteIke("net");
            EnginePair.await("both sides empty", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty()
                    && p.aliceSink.installed.isEmpty() && p.bobSink.installed.isEmpty());
            assertThat(p.aliceSink.policies).isEmpty();
            assertThat(p.bobSink.policies).isEmpty();
        }
    }

    @Test
    void deadPeerIsDetectedAndTheIkeSaGoesAway() {
        try (EnginePair p = new EnginePair(c -> retransmit(c, QUICK), c -> c, EngineOptions.DEFAULT)) {
            p.establish();
            // HDR, SK {}  -->  (every send lost: the peer is gone)
            p.net.rule(h -> h.exchangeType() == ExchangeType.INFORMATIONAL, InMemoryNetwork.Action.DROP, 100);
            p.alice.checkLiveness("net");
            EnginePair.await("alice gives up after the retransmissions", () -> p.alice.ikeSas("net").isEmpty());
            assertThat(p.aliceSink.installed).isEmpty();
            long sends = p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.INFORMATIONAL).count();
            assertThat(sends).isEqualTo(QUICK.tries());
        }
    }

    @Test
    void lifetimesDriveChildRekeysByThemselves() {
        try (EnginePair p = new EnginePair(c -> lifetimes(c), c -> c, EngineOptions.DEFAULT)) {
            p.establish();
            EnginePair.await("two automatic rekeys", () -> p.bobSink.deleted.size() >= 2);
            p.awaitChildren(1);
            p.assertMirrored();
        }
    }

    private static final RetransmitPolicy QUICK = new RetransmitPolicy(Duration.ofMillis(100), 1.5, 4);

    private static ConnectionConfig retransmit(ConnectionConfig c, RetransmitPolicy r) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(), c.ikeProposals(),
                c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), r);
    }

    private static ConnectionConfig lifetimes(ConnectionConfig c) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(), c.ikeProposals(),
                c.espProposals(), c.localSelectors(), c.remoteSelectors(),
                new net.vpnaas.ike.config.Lifetimes(Duration.ZERO, Duration.ZERO, Duration.ofMillis(700), Duration.ZERO, 0.2), c.dpd(), c.retransmit());
    }

    @Test
    void garbageAndForgedMessagesAreDroppedAndCounted() {
        try (EnginePair p = new EnginePair()) {
            p.establish();
            long before = p.bob.droppedCount();
            var any = p.net.sent().get(2).datagram(); // alice's IKE_AUTH request
            byte[] forged = any.data().clone();
            forged[forged.length - 1] ^= 1; // break the ICV
            p.bob.receive(new net.vpnaas.ike.transport.Datagram(any.remote(), any.local(), forged));
            p.bob.receive(new net.vpnaas.ike.transport.Datagram(any.remote(), any.local(), new byte[] {1, 2, 3}));
            EnginePair.await("both dropped", () -> p.bob.droppedCount() == before + 2);
            assertThat(p.bobSink.added).hasSize(1);
            // The IKE SA still works afterwards.
            p.alice.rekeyChildren("net");
            EnginePair.await("rekeyed", () -> p.bobSink.deleted.size() == 1);
        }
    }

    @Test
    void abandonedHalfOpenResponderSaIsDropped() {
        var options = new EngineOptions(4500, 50, Duration.ofMillis(300));
        try (EnginePair p = new EnginePair(c -> c, c -> c, options)) {
            // HDR, SAi1, KEi, Ni  -->   <--  HDR, SAr1, KEr, Nr;   IKE_AUTH never arrives
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_AUTH, InMemoryNetwork.Action.DROP, 100);
            p.alice.initiate("net");
            EnginePair.await("bob has the half-open SA", () -> !p.bob.ikeSas("net").isEmpty());
            EnginePair.await("bob drops it", () -> p.bob.ikeSas("net").isEmpty());
            assertThat(p.bobSink.added).isEmpty();
        }
    }

    @Test
    void authenticRequestBreakingThePayloadRulesIsAnsweredWithInvalidSyntax() throws Exception {
        try (EnginePair p = new EnginePair()) {
            p.establish();
            var sa = p.alice.ikeSas("net").getFirst();
            // HDR, SK {Ni}  -->   (a nonce alone is no valid INFORMATIONAL request)
            //                     <--  HDR, SK {N(INVALID_SYNTAX)}
            var header = net.vpnaas.ike.message.IkeHeader.of(sa.initiatorSpi(), sa.responderSpi(), ExchangeType.INFORMATIONAL, true, false, 2);
            byte[] bytes = net.vpnaas.ike.exchange.SkProtection.seal(header,
                    java.util.List.of(new net.vpnaas.ike.message.NoncePayload(net.vpnaas.ike.message.Bytes.wrap(new byte[32]))),
                    sa.keys().initiatorCipher(), new java.util.Random(3)::nextBytes);
            p.bob.receive(new net.vpnaas.ike.transport.Datagram(
                    new java.net.InetSocketAddress(EnginePair.BOB, 500), new java.net.InetSocketAddress(EnginePair.ALICE, 500), bytes));
            EnginePair.await("bob answers", () -> p.net.sent().stream().anyMatch(s -> s.header().exchangeType() == ExchangeType.INFORMATIONAL
                    && s.header().response() && s.header().messageId() == 2));
            var answer = p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.INFORMATIONAL && s.header().response())
                    .findFirst().orElseThrow();
            var inner = net.vpnaas.ike.exchange.SkProtection.open(net.vpnaas.ike.message.IkeMessage.decode(answer.datagram().data().clone()),
                    sa.keys().responderCipher());
            assertThat(net.vpnaas.ike.message.IkeMessage.notify(net.vpnaas.ike.message.NotifyType.INVALID_SYNTAX, inner)).isPresent();
            // Outside IKE_AUTH the IKE SA and its Child SA survive.
            assertThat(p.bob.ikeSas("net")).hasSize(1);
            assertThat(p.bobSink.installed).hasSize(1);
        }
    }
}
