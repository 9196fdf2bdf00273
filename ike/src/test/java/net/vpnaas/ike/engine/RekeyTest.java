package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaInstall;
import org.junit.jupiter.api.Test;

class RekeyTest {

    private static Set<Long> inboundSpis(RecordingSaSink s) {
        Set<Long> out = new HashSet<>();
        s.current().forEach(c -> out.add(c.inbound().spi()));
        return out;
    }

    @Test
    void childRekeyReplacesTheSaMakeBeforeBreak() {
        try (EnginePair p = new EnginePair()) {
            p.establish();
            ChildSaInstall before = p.aliceSink.current().getFirst();
            // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  -->
            //                     <--  HDR, SK {SA, Nr, TSi, TSr}
            // HDR, SK {D(ESP old)}  -->
            //                     <--  HDR, SK {D(ESP old)}
            p.alice.rekeyChildren("net");
            EnginePair.await("old SA deleted on both sides", () -> p.aliceSink.deleted.contains(before.inbound().spi())
                    && p.bobSink.deleted.contains(before.outbound().spi()));
            p.awaitChildren(1);
            p.assertMirrored();
            ChildSaInstall after = p.aliceSink.current().getFirst();
            assertThat(after.inbound().spi()).isNotEqualTo(before.inbound().spi());
            assertThat(after.inbound().encryptionKey()).isNotEqualTo(before.inbound().encryptionKey());
            assertThat(after.reqid()).isEqualTo(before.reqid());
            // Make-before-break: the new SA was added before the old one was deleted.
            assertThat(p.aliceSink.added).hasSize(2);
        }
    }

    @Test
    void childRekeyWithPfsUsesAFreshKeyExchange() {
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, "aes128-sha256-ecp256", "aes128-sha256-modp2048"),
                c -> EnginePair.with(c, "aes128-sha256-ecp256", "aes128-sha256-modp2048"), EngineOptions.DEFAULT)) {
            p.establish();
            p.alice.rekeyChildren("net");
            EnginePair.await("rekeyed", () -> p.aliceSink.added.size() == 2 && p.bobSink.deleted.size() == 1);
            p.awaitChildren(1);
            p.assertMirrored();
            assertThat(p.aliceSink.current().getFirst().inbound().integrityKey()).hasSize(32); // HMAC-SHA2-256 key
        }
    }

    /**
     * ML-KEM as a Child SA's PFS group (a policy's pfsGroup may name it): CREATE_CHILD_SA carries the
     * initiator's encapsulation key and the responder's ciphertext, each side a KE payload of its own size.
     */
    @Test
    void childRekeyWithMlKemPfs() {
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, "aes256gcm16-prfsha384-x25519", "aes256gcm16-mlkem768"),
                c -> EnginePair.with(c, "aes256gcm16-prfsha384-x25519", "aes256gcm16-mlkem768"), EngineOptions.DEFAULT)) {
            p.establish();
            ChildSaInstall before = p.aliceSink.current().getFirst();
            p.alice.rekeyChildren("net");
            EnginePair.await("rekeyed", () -> p.aliceSink.added.size() == 2 && p.bobSink.deleted.size() == 1);
            p.awaitChildren(1);
            p.assertMirrored();
            assertThat(p.aliceSink.current().getFirst().inbound().encryptionKey()).isNotEqualTo(before.inbound().encryptionKey());
        }
    }

    @Test
    void ikeRekeyMovesTheChildSaToTheNewIkeSa() {
        try (EnginePair p = new EnginePair()) {
            p.establish();
            IkeSa old = p.alice.ikeSas("net").getFirst();
            Set<Long> children = inboundSpis(p.aliceSink);
            // HDR, SK {SA(IKE, new SPIi), Ni, KEi}  -->
            //                     <--  HDR, SK {SA(IKE, new SPIr), Nr, KEr}
            // HDR(old SPIs), SK {D(IKE)}  -->
            //                     <--  HDR(old SPIs), SK {}
            p.alice.rekeyIke("net");
            EnginePair.await("one new IKE SA on each side", () -> p.alice.ikeSas("net").size() == 1
                    && p.bob.ikeSas("net").size() == 1 && p.alice.ikeSas("net").getFirst() != old
                    && p.bob.ikeSas("net").getFirst().initiatorSpi() == p.alice.ikeSas("net").getFirst().initiatorSpi());
            IkeSa a = p.alice.ikeSas("net").getFirst();
            IkeSa b = p.bob.ikeSas("net").getFirst();
            assertThat(a.initiatorSpi()).isNotEqualTo(old.initiatorSpi());
            assertThat(a.keys().skD()).isEqualTo(b.keys().skD()).isNotEqualTo(old.keys().skD());
            assertThat(inboundSpis(p.aliceSink)).isEqualTo(children);
            assertThat(p.aliceSink.deleted).isEmpty();
            assertThat(a.children()).hasSize(1);
            // The new IKE SA works: a Child rekey over it succeeds.
            p.alice.rekeyChildren("net");
            EnginePair.await("child rekeyed over the new IKE SA", () -> p.bobSink.deleted.size() == 1);
            p.awaitChildren(1);
            p.assertMirrored();
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.CREATE_CHILD_SA
                    && s.header().initiatorSpi() == a.initiatorSpi())).isNotEmpty();
        }
    }

    @Test
    void simultaneousChildRekeyKeepsExactlyOneNewSa() {
        try (EnginePair p = new EnginePair()) {
            p.establish();
            ChildSaInstall old = p.aliceSink.current().getFirst();
            // Both sides start a rekey of the same Child SA; the requests cross (held, then released):
            // HDR, SK {N(REKEY_SA), SA, Ni1, TSi, TSr}  -->   <--  HDR, SK {N(REKEY_SA), SA, Ni2, TSi, TSr}
            // HDR, SK {SA, Nr2, TSi, TSr}               -->   <--  HDR, SK {SA, Nr1, TSi, TSr}
            // The SA with the lowest of the four nonces is deleted by its creator, the old SA by the other side.
            p.net.rule(h -> h.exchangeType() == ExchangeType.CREATE_CHILD_SA && !h.response(), InMemoryNetwork.Action.HOLD, 2);
            p.alice.rekeyChildren("net");
            p.bob.rekeyChildren("net");
            EnginePair.await("both rekey requests sent", () -> p.net.heldCount() == 2);
            p.net.releaseHeld();
            EnginePair.await("old and redundant SAs deleted", () -> p.aliceSink.deleted.size() == 2 && p.bobSink.deleted.size() == 2);
            p.awaitChildren(1);
            p.assertMirrored();
            assertThat(p.aliceSink.added).hasSize(3);
            assertThat(p.aliceSink.deleted).contains(old.inbound().spi());
            assertThat(p.aliceSink.current().getFirst().reqid()).isEqualTo(old.reqid());
        }
    }

    @Test
    void lateRekeyOfAnSaThePeerIsDeletingIsRefusedAndBothSidesConverge() {
        try (EnginePair p = new EnginePair(); MessageLines lines = new MessageLines()) {
            p.establish();
            // Bob's rekey request is delayed until alice has rekeyed the same SA herself and is deleting it:
            //                     <--  HDR, SK {N(REKEY_SA old), SA, Ni2, TSi, TSr}   (held)
            // HDR, SK {N(REKEY_SA old), SA, Ni1, TSi, TSr}  -->
            //                     <--  HDR, SK {SA, Nr1, TSi, TSr}
            // HDR, SK {D(ESP old)}  -->                                             (held)
            // both released:
            // HDR, SK {N(TEMPORARY_FAILURE)}  -->   (alice is deleting the old SA, RFC 7296 2.25.1)
            //                     <--  HDR, SK {D(ESP old)}
            p.net.rule(h -> h.exchangeType() == ExchangeType.CREATE_CHILD_SA && !h.response() && !h.initiator(),
                    InMemoryNetwork.Action.HOLD, 1);
            p.net.rule(h -> h.exchangeType() == ExchangeType.INFORMATIONAL && !h.response() && h.initiator(),
                    InMemoryNetwork.Action.HOLD, 1);
            p.bob.rekeyChildren("net");
            EnginePair.await("bob's request held", () -> p.net.heldCount() == 1);
            p.alice.rekeyChildren("net");
            EnginePair.await("alice's rekey done, her Delete held", () -> p.net.heldCount() == 2 && p.aliceSink.added.size() == 2);
            p.net.releaseHeld();
            EnginePair.await("old SA gone on both sides", () -> p.aliceSink.deleted.size() == 1 && p.bobSink.deleted.size() == 1);
            p.awaitChildren(1);
            p.assertMirrored();
            assertThat(p.aliceSink.added).hasSize(2);
            assertThat(p.bobSink.added).hasSize(2);
            assertThat(lines.sentTo(EnginePair.BOB, "CREATE_CHILD_SA response")).anyMatch(l -> l.contains("[N(TEMPORARY_FAILURE)]"))
                    .noneMatch(l -> l.contains("CHILD_SA_NOT_FOUND"));
            // The IKE SA is healthy afterwards: bob's next rekey goes through.
            p.bob.rekeyChildren("net");
            EnginePair.await("bob rekeyed", () -> p.aliceSink.deleted.size() == 2);
            p.awaitChildren(1);
            p.assertMirrored();
        }
    }

    @Test
    void aChildSaDeletedAtItsHardLimitWhileThePeerRekeysItIsGoneOnBothSides() {
        try (EnginePair p = new EnginePair(); MessageLines lines = new MessageLines()) {
            p.establish();
            ChildSaInstall old = p.aliceSink.current().getFirst();
            // Alice's data path reports the hard limit of the Child SA while bob starts its rekey; the requests cross:
            // HDR, SK {D(ESP old)}  -->            <--  HDR, SK {N(REKEY_SA old), SA, Ni, TSi, TSr}
            // HDR, SK {N(TEMPORARY_FAILURE)}  -->  <--  HDR, SK {D(ESP old)}        (RFC 7296 2.25.1, both)
            // No Child SA is left, so the IKE SA that carried it is closed as well.
            p.net.rule(h -> h.exchangeType() == ExchangeType.INFORMATIONAL && !h.response() && h.initiator(),
                    InMemoryNetwork.Action.HOLD, 1);
            p.net.rule(h -> h.exchangeType() == ExchangeType.CREATE_CHILD_SA && !h.response() && !h.initiator(),
                    InMemoryNetwork.Action.HOLD, 1);
            p.aliceSink.listener.expired(old.inbound().spi(), net.vpnaas.ike.sasink.SaEventListener.Limit.HARD);
            EnginePair.await("alice's Delete held", () -> p.net.heldCount() == 1);
            p.bob.rekeyChildren("net");
            EnginePair.await("bob's rekey held", () -> p.net.heldCount() == 2);
            p.net.releaseHeld();
            EnginePair.await("no SA left on either side", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            assertThat(p.aliceSink.installed).isEmpty();
            assertThat(p.bobSink.installed).isEmpty();
            assertThat(p.aliceSink.added).hasSize(1);
            assertThat(p.bobSink.added).hasSize(1);
            assertThat(lines.sentTo(EnginePair.BOB, "CREATE_CHILD_SA response")).singleElement()
                    .satisfies(l -> assertThat(l).contains("[N(TEMPORARY_FAILURE)]"));
        }
    }

    @Test
    void simultaneousIkeRekeyIsRefusedBothWaysThenRetriedWithoutLosingTheChildSa() {
        try (EnginePair p = new EnginePair()) {
            p.establish();
            IkeSa old = p.alice.ikeSas("net").getFirst();
            Set<Long> children = inboundSpis(p.aliceSink);
            // HDR, SK {SA(IKE), Ni1, KEi1}  -->   <--  HDR, SK {SA(IKE), Ni2, KEi2}     (crossing)
            // HDR, SK {N(TEMPORARY_FAILURE)} -->  <--  HDR, SK {N(TEMPORARY_FAILURE)}   (RFC 7296 2.25)
            // after a random 1-2 s each retries; the first retry wins, the other finds the SA rekeyed.
            p.net.rule(h -> h.exchangeType() == ExchangeType.CREATE_CHILD_SA && !h.response(), InMemoryNetwork.Action.HOLD, 2);
            p.alice.rekeyIke("net");
            p.bob.rekeyIke("net");
            EnginePair.await("both requests sent", () -> p.net.heldCount() == 2);
            p.net.releaseHeld();
            EnginePair.await("one new IKE SA, the same on both sides", () -> p.alice.ikeSas("net").size() == 1
                    && p.bob.ikeSas("net").size() == 1 && p.alice.ikeSas("net").getFirst().initiatorSpi() != old.initiatorSpi()
                    && p.alice.ikeSas("net").getFirst().initiatorSpi() == p.bob.ikeSas("net").getFirst().initiatorSpi()
                    && p.alice.ikeSas("net").getFirst().state() == IkeSa.State.ESTABLISHED
                    && p.bob.ikeSas("net").getFirst().state() == IkeSa.State.ESTABLISHED);
            assertThat(inboundSpis(p.aliceSink)).isEqualTo(children);
            assertThat(p.aliceSink.deleted).isEmpty();
            assertThat(p.bobSink.deleted).isEmpty();
            p.assertMirrored();
        }
    }
}
