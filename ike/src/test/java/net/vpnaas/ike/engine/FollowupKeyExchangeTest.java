package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.PayloadType;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaInstall;
import org.junit.jupiter.api.Test;

/**
 * RFC 9370 section 2.2.4 between two of our engines: CREATE_CHILD_SA with ADDKE transforms followed by
 * IKE_FOLLOWUP_KE exchanges, for Child SA rekeys with PFS and for IKE SA rekeys, each side starting, and
 * the error paths: INVALID_KE_PAYLOAD, STATE_NOT_FOUND for a link whose state expired, a lost response
 * answered from the cache, and rekeys that cross while follow-ups are pending.
 */
class FollowupKeyExchangeTest {
    private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
    private static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";

    private static EnginePair pair(String ike, String esp) {
        return new EnginePair(c -> EnginePair.with(c, ike, esp), c -> EnginePair.with(c, ike, esp), EngineOptions.DEFAULT);
    }

    private static List<InMemoryNetwork.Sent> sent(EnginePair p, ExchangeType type) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == type).toList();
    }

    /**
     * For each IKE_FOLLOWUP_KE message sent, in order: whether it was a response. A message sent in SKF
     * fragments (an ML-KEM-768 encapsulation key does not fit 1280 bytes) counts once.
     */
    private static List<Boolean> followupDirections(EnginePair p) {
        record Message(InetAddress sender, long messageId, boolean response) {}
        return sent(p, ExchangeType.IKE_FOLLOWUP_KE).stream()
                .map(s -> new Message(s.datagram().local().getAddress(), s.header().messageId(), s.header().response()))
                .distinct().map(Message::response).toList();
    }

    private static void awaitOneNewIkeSa(EnginePair p, IkeSa old) {
        EnginePair.await("one new IKE SA, the same on both sides", () -> p.alice.ikeSas("net").size() == 1
                && p.bob.ikeSas("net").size() == 1 && p.alice.ikeSas("net").getFirst().initiatorSpi() != old.initiatorSpi()
                && p.alice.ikeSas("net").getFirst().initiatorSpi() == p.bob.ikeSas("net").getFirst().initiatorSpi()
                && p.alice.ikeSas("net").getFirst().state() == IkeSa.State.ESTABLISHED
                && p.bob.ikeSas("net").getFirst().state() == IkeSa.State.ESTABLISHED);
    }

    private static void awaitRekeyed(EnginePair p, ChildSaInstall before) {
        EnginePair.await("old SA deleted on both sides", () -> p.aliceSink.deleted.contains(before.inbound().spi())
                && p.bobSink.deleted.contains(before.outbound().spi()));
        p.awaitChildren(1);
        p.assertMirrored();
    }

    private static String childAlgorithms(IkeEngine e) {
        return e.ikeSas("net").getFirst().children().iterator().next().algorithms().toString();
    }

    @Test
    void childRekeyWithX25519AndMlKem768RunsOneFollowupExchangeStartedByEitherSide() {
        try (EnginePair p = pair(IKE, ESP)) {
            p.establish();
            ChildSaInstall first = p.aliceSink.current().getFirst();
            // HDR, SK {N(REKEY_SA), SA(ESP, KE=x25519, ADDKE1=mlkem768), Ni, KEi(x25519), TSi, TSr}  -->
            //                  <--  HDR, SK {SA, Nr, KEr(x25519), N(ADDITIONAL_KEY_EXCHANGE)(link), TSi, TSr}
            // HDR, SK {KEi(1)(mlkem768), N(ADDITIONAL_KEY_EXCHANGE)(link)}  -->
            //                  <--  HDR, SK {KEr(1)(mlkem768)}
            p.alice.rekeyChildren("net");
            awaitRekeyed(p, first);
            assertThat(followupDirections(p)).containsExactly(false, true);
            assertThat(childAlgorithms(p.alice)).isEqualTo(childAlgorithms(p.bob)).endsWith("/CURVE25519/ADDKE1=ML_KEM_768");
            ChildSaInstall second = p.aliceSink.current().getFirst();
            assertThat(second.inbound().encryptionKey()).isNotEqualTo(first.inbound().encryptionKey());

            // Bob as the initiator of the next rekey: his engine sends the follow-up, alice's answers it.
            p.bob.rekeyChildren("net");
            awaitRekeyed(p, second);
            assertThat(followupDirections(p)).containsExactly(false, true, false, true);
            assertThat(sent(p, ExchangeType.IKE_FOLLOWUP_KE).stream().filter(s -> !s.header().response())
                    .map(s -> s.datagram().local().getAddress()).distinct()).containsExactly(EnginePair.ALICE, EnginePair.BOB);
            assertThat(p.aliceSink.added).hasSize(3);
        }
    }

    /** Two additional key exchanges, one of them ML-KEM-1024, whose key and ciphertext need IKE fragments. */
    @Test
    void childRekeyWithTwoFollowupsFragmentsTheMlKem1024Exchange() {
        try (EnginePair p = pair("aes256gcm16-prfsha384-ecp384-ke1_mlkem1024-ke2_mlkem768", "aes256gcm16-ecp384-ke1_mlkem1024-ke2_mlkem768")) {
            p.establish();
            ChildSaInstall first = p.aliceSink.current().getFirst();
            p.alice.rekeyChildren("net");
            awaitRekeyed(p, first);
            assertThat(childAlgorithms(p.bob)).endsWith("/ECP_384/ADDKE1=ML_KEM_1024/ADDKE2=ML_KEM_768");
            List<InMemoryNetwork.Sent> followups = sent(p, ExchangeType.IKE_FOLLOWUP_KE);
            assertThat(followups.stream().map(s -> s.header().messageId()).distinct()).hasSize(2);
            assertThat(followups).allSatisfy(s -> assertThat(s.datagram().data().length).isLessThanOrEqualTo(1280 - 28));
            long mlKem1024 = followups.stream().mapToLong(s -> s.header().messageId()).min().orElseThrow();
            assertThat(followups.stream().filter(s -> s.header().messageId() == mlKem1024
                    && s.header().nextPayload() == PayloadType.ENCRYPTED_FRAGMENT.code()).map(s -> s.header().response()).distinct())
                    .containsExactlyInAnyOrder(false, true);
        }
    }

    @Test
    void ikeRekeyWithAnAdditionalKeyExchangeStartedByEitherSide() {
        try (EnginePair p = pair(IKE, "aes256gcm16")) {
            p.establish();
            Set<Long> children = p.aliceSink.current().stream().map(c -> c.inbound().spi()).collect(Collectors.toSet());
            for (IkeEngine starter : List.of(p.alice, p.bob)) {
                IkeSa old = p.alice.ikeSas("net").getFirst();
                // HDR, SK {SA(IKE, KE=x25519, ADDKE1=mlkem768), Ni, KEi}  -->
                //                  <--  HDR, SK {SA, Nr, KEr, N(ADDITIONAL_KEY_EXCHANGE)(link)}
                // HDR, SK {KEi(1), N(ADDITIONAL_KEY_EXCHANGE)(link)}  -->
                //                  <--  HDR, SK {KEr(1)}
                // SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr | SK(1))
                starter.rekeyIke("net");
                awaitOneNewIkeSa(p, old);
                IkeSa a = p.alice.ikeSas("net").getFirst();
                IkeSa b = p.bob.ikeSas("net").getFirst();
                assertThat(a.responderSpi()).isEqualTo(b.responderSpi());
                assertThat(a.algorithms()).isEqualTo(b.algorithms());
                assertThat(a.algorithms().toString()).endsWith("/CURVE25519/ADDKE1=ML_KEM_768");
                assertThat(a.keys().skD()).isEqualTo(b.keys().skD()).isNotEqualTo(old.keys().skD());
                assertThat(a.quantumSafety().toString()).isEqualTo("ML_KEM_768");
            }
            assertThat(followupDirections(p)).containsExactly(false, true, false, true);
            assertThat(p.aliceSink.current().stream().map(c -> c.inbound().spi()).collect(Collectors.toSet())).isEqualTo(children);
            // The new IKE SA works: a Child rekey over it succeeds.
            ChildSaInstall before = p.aliceSink.current().getFirst();
            p.alice.rekeyChildren("net");
            awaitRekeyed(p, before);
        }
    }

    /**
     * Alice guesses ECP-256 for the Child SA's first key exchange; bob only takes X25519 and says so. Alice
     * asks again (a new exchange) with X25519, and the additional ML-KEM-768 exchange follows as usual.
     */
    @Test
    void invalidKePayloadInCreateChildSaIsRetriedWithTheAskedGroupThenTheFollowupRuns() {
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, IKE, "aes256gcm16-ecp256-x25519-ke1_mlkem768"),
                c -> EnginePair.with(c, IKE, ESP), EngineOptions.DEFAULT)) {
            p.establish();
            ChildSaInstall first = p.aliceSink.current().getFirst();
            p.alice.rekeyChildren("net");
            awaitRekeyed(p, first);
            assertThat(sent(p, ExchangeType.CREATE_CHILD_SA).stream().filter(s -> s.header().response()).count()).isEqualTo(2);
            assertThat(childAlgorithms(p.alice)).endsWith("/CURVE25519/ADDKE1=ML_KEM_768");
            assertThat(followupDirections(p)).containsExactly(false, true);
        }
    }

    /**
     * Bob waits for a follow-up only as long as his own retransmissions would take (here 0.2 s); alice's
     * first IKE_FOLLOWUP_KE is lost and her retransmission after a second finds his state gone: STATE_NOT_FOUND.
     * Nothing was installed on either side, the old Child SA stays, the IKE SA goes on, and the next rekey works.
     */
    @Test
    void aFollowupAfterTheResponderDroppedItsStateGetsStateNotFoundAndNothingIsInstalled() {
        RetransmitPolicy slow = new RetransmitPolicy(Duration.ofSeconds(1), 1.0, 5);
        RetransmitPolicy impatient = new RetransmitPolicy(Duration.ofMillis(100), 1.0, 2);
        try (EnginePair p = new EnginePair(c -> retransmit(EnginePair.with(c, IKE, ESP), slow),
                c -> retransmit(EnginePair.with(c, IKE, ESP), impatient), EngineOptions.DEFAULT)) {
            p.establish();
            ChildSaInstall first = p.aliceSink.current().getFirst();
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_FOLLOWUP_KE && !h.response(), InMemoryNetwork.Action.DROP, 1);
            p.alice.rekeyChildren("net");
            EnginePair.await("the follow-up answered", () -> followupDirections(p).contains(true));
            EnginePair.await("alice's rekey given up", () -> p.alice.ikeSas("net").getFirst().children().iterator().next().state()
                    == net.vpnaas.ike.sa.ChildSa.State.INSTALLED);
            assertThat(p.aliceSink.added).hasSize(1);
            assertThat(p.bobSink.added).hasSize(1);
            assertThat(p.aliceSink.deleted).isEmpty();
            assertThat(EnginePair.established(p.alice) && EnginePair.established(p.bob)).isTrue();
            assertThat(p.bob.ikeSas("net").getFirst().state()).isEqualTo(IkeSa.State.ESTABLISHED);

            p.alice.rekeyChildren("net");
            awaitRekeyed(p, first);
        }
    }

    /** The IKE_FOLLOWUP_KE response is lost once: alice's retransmission is answered from bob's cache, keyed once. */
    @Test
    void aRetransmittedFollowupIsAnsweredFromTheCache() {
        try (EnginePair p = pair(IKE, ESP)) {
            p.establish();
            ChildSaInstall first = p.aliceSink.current().getFirst();
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_FOLLOWUP_KE && h.response(), InMemoryNetwork.Action.DROP, 1);
            p.alice.rekeyChildren("net");
            awaitRekeyed(p, first);
            List<IkeHeader> followups = sent(p, ExchangeType.IKE_FOLLOWUP_KE).stream().map(InMemoryNetwork.Sent::header).toList();
            // The request went twice (in two fragments each time), the response (the ciphertext fits one datagram) twice.
            assertThat(followups.stream().filter(h -> !h.response())).hasSize(4);
            assertThat(followups.stream().filter(IkeHeader::response)).hasSize(2);
            assertThat(followups.stream().map(IkeHeader::messageId).distinct()).hasSize(1);
            assertThat(p.bobSink.added).hasSize(2);
        }
    }

    /**
     * Both sides rekey the Child SA at once; both CREATE_CHILD_SA exchanges complete before any follow-up.
     * The rekey with the lowest nonce goes no further, the other runs its IKE_FOLLOWUP_KE and replaces the SA.
     */
    @Test
    void crossingMultiKeChildRekeysLeaveExactlyOneNewSa() {
        try (EnginePair p = pair(IKE, ESP)) {
            p.establish();
            ChildSaInstall old = p.aliceSink.current().getFirst();
            p.net.rule(h -> h.exchangeType() == ExchangeType.CREATE_CHILD_SA && !h.response(), InMemoryNetwork.Action.HOLD, 2);
            p.alice.rekeyChildren("net");
            p.bob.rekeyChildren("net");
            EnginePair.await("both rekey requests sent", () -> p.net.heldCount() == 2);
            p.net.releaseHeld();
            awaitRekeyed(p, old);
            assertThat(followupDirections(p)).containsExactly(false, true);
            assertThat(p.aliceSink.added).hasSize(2);
            assertThat(p.bobSink.added).hasSize(2);
            assertThat(p.aliceSink.deleted).containsExactly(old.inbound().spi());
        }
    }

    @Test
    void crossingMultiKeIkeRekeysAreRefusedThenOneIsRetried() {
        try (EnginePair p = pair(IKE, "aes256gcm16")) {
            p.establish();
            IkeSa old = p.alice.ikeSas("net").getFirst();
            p.net.rule(h -> h.exchangeType() == ExchangeType.CREATE_CHILD_SA && !h.response(), InMemoryNetwork.Action.HOLD, 2);
            p.alice.rekeyIke("net");
            p.bob.rekeyIke("net");
            EnginePair.await("both requests sent", () -> p.net.heldCount() == 2);
            p.net.releaseHeld();
            awaitOneNewIkeSa(p, old);
            assertThat(p.alice.ikeSas("net").getFirst().keys().skD()).isEqualTo(p.bob.ikeSas("net").getFirst().keys().skD());
            assertThat(p.alice.ikeSas("net").getFirst().algorithms().additional()).hasSize(1);
            assertThat(p.aliceSink.deleted).isEmpty();
            p.assertMirrored();
        }
    }

    /**
     * Bob is to rekey the IKE SA while alice's Child SA rekey waits for its IKE_FOLLOWUP_KE (held back once,
     * until her retransmission): his rekey waits too (it would move the Child SAs from under the half-done
     * one) and runs after it, so the new IKE SA carries exactly the rekeyed Child SA.
     */
    @Test
    void anIkeRekeyWaitsForTheFollowupsOfAChildRekey() {
        try (EnginePair p = pair(IKE, ESP)) {
            p.establish();
            ChildSaInstall first = p.aliceSink.current().getFirst();
            IkeSa old = p.alice.ikeSas("net").getFirst();
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_FOLLOWUP_KE && !h.response(), InMemoryNetwork.Action.HOLD, 1);
            p.alice.rekeyChildren("net");
            EnginePair.await("alice's follow-up held", () -> p.net.heldCount() > 0);
            p.bob.rekeyIke("net");
            awaitRekeyed(p, first);
            awaitOneNewIkeSa(p, old);
            p.net.releaseHeld();
            IkeSa fresh = p.bob.ikeSas("net").getFirst();
            assertThat(fresh.originalInitiator()).as("bob's rekey").isTrue();
            assertThat(fresh.children()).singleElement().satisfies(c ->
                    assertThat(c.outboundSpi()).isEqualTo(p.aliceSink.current().getFirst().inbound().spi()));
            p.assertMirrored();
        }
    }

    /** Without PFS a Child rekey has no key exchange, so no additional one either, even under a hybrid IKE SA. */
    @Test
    void aChildRekeyWithoutPfsHasNoFollowup() {
        try (EnginePair p = pair(IKE, "aes256gcm16")) {
            p.establish();
            ChildSaInstall first = p.aliceSink.current().getFirst();
            p.alice.rekeyChildren("net");
            awaitRekeyed(p, first);
            assertThat(sent(p, ExchangeType.IKE_FOLLOWUP_KE)).isEmpty();
        }
    }

    private static ConnectionConfig retransmit(ConnectionConfig c, RetransmitPolicy r) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), r,
                c.natTraversal(), c.fragmentSize(), c.ppk());
    }
}
