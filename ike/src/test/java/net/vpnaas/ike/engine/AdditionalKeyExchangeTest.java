package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.vpnaas.ike.auth.AuthData;
import net.vpnaas.ike.auth.Prf;
import net.vpnaas.ike.auth.PskAuthenticator;
import net.vpnaas.ike.auth.SignedOctets;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PayloadType;
import net.vpnaas.ike.sa.IkeSa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9370 additional key exchanges in IKE_INTERMEDIATE (RFC 9242) between two of our engines. Those of
 * rekeys and Child SAs, in IKE_FOLLOWUP_KE, are {@link FollowupKeyExchangeTest}'s.
 */
class AdditionalKeyExchangeTest {

    private static List<InMemoryNetwork.Sent> sent(EnginePair p, ExchangeType type) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == type).toList();
    }

    private static List<NotifyType> initNotifies(EnginePair p, boolean response) {
        return sent(p, ExchangeType.IKE_SA_INIT).stream().filter(s -> s.header().response() == response).flatMap(s -> {
            try {
                return IkeMessage.decode(s.datagram().data().clone()).payloads(NotifyPayload.class).stream().map(NotifyPayload::notifyType);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static void assertSameIkeSa(EnginePair p) {
        IkeSa a = p.alice.ikeSas("net").getFirst();
        IkeSa b = p.bob.ikeSas("net").getFirst();
        assertThat(a.initiatorSpi()).isEqualTo(b.initiatorSpi());
        assertThat(a.responderSpi()).isEqualTo(b.responderSpi());
        assertThat(a.keys().skD()).isEqualTo(b.keys().skD());
        assertThat(a.algorithms()).isEqualTo(b.algorithms());
    }

    @Test
    void x25519ThenMlKem768InOneIntermediateExchange() {
        // HDR, SAi1(x25519, ADDKE1 ML-KEM-768), KEi(x25519), Ni, N(INTERMEDIATE_EXCHANGE_SUPPORTED)  -->
        //                     <--  HDR, SAr1, KEr(x25519), Nr, N(INTERMEDIATE_EXCHANGE_SUPPORTED)
        // HDR(IKE_INTERMEDIATE), SK {KEi(ML-KEM-768 encapsulation key)}  -->
        //                     <--  HDR(IKE_INTERMEDIATE), SK {KEr(ML-KEM-768 ciphertext)}
        // HDR(IKE_AUTH), SK {IDi, AUTH(.. | IntAuth), SA, TSi, TSr}  -->   (keys from SKEYSEED(1))
        String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, ike, "aes256gcm16"), c -> EnginePair.with(c, ike, "aes256gcm16"),
                EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            assertSameIkeSa(p);
            assertThat(p.alice.ikeSas("net").getFirst().algorithms().toString()).endsWith("/CURVE25519/ADDKE1=ML_KEM_768");
            assertThat(initNotifies(p, false)).contains(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED);
            assertThat(initNotifies(p, true)).contains(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED);
            assertThat(sent(p, ExchangeType.IKE_INTERMEDIATE)).hasSize(2)
                    .allSatisfy(s -> assertThat(s.header().messageId()).isEqualTo(1));
            assertThat(sent(p, ExchangeType.IKE_AUTH)).allSatisfy(s -> assertThat(s.header().messageId()).isEqualTo(2));
        }
    }

    @Test
    void ecp384ThenMlKem1024ThenMlKem768WithFragmentedIntermediateMessages() {
        String ike = "aes256gcm16-prfsha384-ecp384-ke1_mlkem1024-ke2_mlkem768";
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, ike, "aes256gcm16"), c -> EnginePair.with(c, ike, "aes256gcm16"),
                EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            assertSameIkeSa(p);
            assertThat(p.bob.ikeSas("net").getFirst().algorithms().toString())
                    .endsWith("/ECP_384/ADDKE1=ML_KEM_1024/ADDKE2=ML_KEM_768");
            List<InMemoryNetwork.Sent> intermediate = sent(p, ExchangeType.IKE_INTERMEDIATE);
            assertThat(intermediate.stream().map(s -> s.header().messageId()).distinct()).containsExactly(1L, 2L);
            // ML-KEM-1024's key and ciphertext do not fit 1280 bytes: exchange 1 went in SKF fragments both ways.
            assertThat(intermediate).allSatisfy(s -> assertThat(s.datagram().data().length).isLessThanOrEqualTo(1280 - 28));
            assertThat(intermediate.stream().filter(s -> s.header().messageId() == 1
                    && s.header().nextPayload() == PayloadType.ENCRYPTED_FRAGMENT.code()).map(s -> s.header().response()).distinct())
                    .containsExactlyInAnyOrder(false, true);
            assertThat(sent(p, ExchangeType.IKE_AUTH)).allSatisfy(s -> assertThat(s.header().messageId()).isEqualTo(3));
        }
    }

    @Test
    void aResponderWithoutAdditionalKeyExchangesPicksNoneWhenOffered() {
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, "aes256gcm16-prfsha256-x25519-ke1_mlkem768-ke1_none", "aes256gcm16"),
                c -> EnginePair.with(c, "aes256gcm16-prfsha256-x25519", "aes256gcm16"), EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            assertThat(p.alice.ikeSas("net").getFirst().algorithms().additional()).isEmpty();
            assertThat(sent(p, ExchangeType.IKE_INTERMEDIATE)).isEmpty();
        }
    }

    @Test
    void aRequiredAdditionalKeyExchangeTheResponderLacksIsNoProposalChosen() {
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, "aes256gcm16-prfsha256-x25519-ke1_mlkem768", "aes256gcm16"),
                c -> EnginePair.with(c, "aes256gcm16-prfsha256-x25519", "aes256gcm16"), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EnginePair.await("NO_PROPOSAL_CHOSEN", () -> initNotifies(p, true).contains(NotifyType.NO_PROPOSAL_CHOSEN));
            EnginePair.await("alice gives up", () -> p.alice.ikeSas("net").isEmpty());
            assertThat(sent(p, ExchangeType.IKE_INTERMEDIATE)).isEmpty();
        }
    }

    @Test
    void aLostIntermediateResponseIsResentForTheRetransmittedRequestUnderTheOldKeys() {
        // HDR(IKE_INTERMEDIATE #1), SK {KEi}  -->
        //                     <--  HDR(IKE_INTERMEDIATE #1), SK {KEr}   lost; bob already switched keys
        // HDR(IKE_INTERMEDIATE #1), SK {KEi}  -->   retransmitted, still under the old keys
        //                     <--  HDR(IKE_INTERMEDIATE #1), SK {KEr}   the cached response again
        String ike = "aes256gcm16-prfsha256-x25519-ke1_mlkem768";
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, ike, "aes256gcm16"), c -> EnginePair.with(c, ike, "aes256gcm16"),
                EngineOptions.DEFAULT)) {
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_INTERMEDIATE && h.response(), InMemoryNetwork.Action.DROP, 1);
            p.establish();
            p.assertMirrored();
            assertSameIkeSa(p);
            assertThat(sent(p, ExchangeType.IKE_INTERMEDIATE).stream().filter(s -> !s.header().response())).hasSize(2);
            assertThat(sent(p, ExchangeType.IKE_INTERMEDIATE).stream().filter(s -> s.header().response())).hasSize(2);
        }
    }

    @Test
    void invalidKePayloadForTheFirstKeyExchangeStillWorksWithAdditionalOnes() {
        // HDR, SAi1, KEi(x25519), Ni, N(INTERMEDIATE_EXCHANGE_SUPPORTED)  -->
        //                     <--  HDR, N(INVALID_KE_PAYLOAD, group 19)
        // HDR, SAi1, KEi(ecp256), Ni, N(INTERMEDIATE_EXCHANGE_SUPPORTED)  -->   then IKE_INTERMEDIATE as usual
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, "aes256gcm16-prfsha256-x25519-ecp256-ke1_mlkem768", "aes256gcm16"),
                c -> EnginePair.with(c, "aes256gcm16-prfsha256-ecp256-ke1_mlkem768", "aes256gcm16"), EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            assertSameIkeSa(p);
            assertThat(initNotifies(p, true)).contains(NotifyType.INVALID_KE_PAYLOAD);
            assertThat(initNotifies(p, false).stream().filter(n -> n == NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED)).hasSize(2);
            assertThat(p.alice.ikeSas("net").getFirst().algorithms().toString()).endsWith("/ECP_256/ADDKE1=ML_KEM_768");
        }
    }

    @Test
    void mlKemAsTheOnlyKeyExchangeOfIkeSaInitAndOfAnIkeRekey() {
        String ike = "aes256gcm16-prfsha384-mlkem1024";
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, ike, "aes256gcm16"), c -> EnginePair.with(c, ike, "aes256gcm16"),
                EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            assertSameIkeSa(p);
            assertThat(sent(p, ExchangeType.IKE_INTERMEDIATE)).isEmpty();
            IkeSa old = p.alice.ikeSas("net").getFirst();
            p.alice.rekeyIke("net");
            EnginePair.await("one new IKE SA on each side", () -> p.alice.ikeSas("net").size() == 1
                    && p.bob.ikeSas("net").size() == 1 && p.alice.ikeSas("net").getFirst() != old
                    && p.bob.ikeSas("net").getFirst().initiatorSpi() == p.alice.ikeSas("net").getFirst().initiatorSpi());
            assertSameIkeSa(p);
            assertThat(p.alice.ikeSas("net").getFirst().algorithms().keyExchange().name()).isEqualTo("ML_KEM_1024");
        }
    }

    /**
     * A PSK AUTH that is right for the keys of IKE_SA_INIT: accepted when no additional key exchange
     * was negotiated, refused with INVALID_SYNTAX (and the IKE SA dropped) when one was and has not run.
     */
    @ParameterizedTest(name = "additional key exchange negotiated: {0}")
    @ValueSource(booleans = {false, true})
    void ikeAuthBeforeTheAdditionalKeyExchangesIsRefused(boolean additional) throws Exception {
        String ike = additional ? "aes256gcm16-prfsha256-x25519-ke1_mlkem768" : "aes256gcm16-prfsha256-x25519";
        ScriptedInitiator alice = new ScriptedInitiator(EnginePair.BOB, EnginePair.ALICE);
        RecordingSaSink sink = new RecordingSaSink();
        try (IkeEngine bob = new IkeEngine(alice.transport(), sink, new java.util.Random(2)::nextBytes, EngineOptions.DEFAULT)) {
            bob.addConnection(EnginePair.with(EnginePair.bobConfig(), ike, "aes256gcm16"));
            bob.start();
            alice.talkTo(bob);
            ScriptedInitiator.Sa sa = alice.ikeSaInit(List.of(ProposalParser.ike(ike)), Duration.ofSeconds(5));
            assertThat(sa.algorithms().additional()).hasSize(additional ? 1 : 0);

            Identity me = EnginePair.aliceConfig().localId();
            byte[] restOfId = new byte[4 + me.data().length];
            restOfId[0] = (byte) me.typeCode();
            System.arraycopy(me.data(), 0, restOfId, 4, me.data().length);
            Prf prf = (key, data) -> sa.algorithms().prf().prf(key, data);
            AuthData auth = PskAuthenticator.authData(prf, "correct horse battery staple".getBytes(StandardCharsets.UTF_8),
                    SignedOctets.initiator(sa.initRequest(), sa.nr(), prf, sa.keys().skPi(), restOfId));
            alice.send(alice.request(sa, ExchangeType.IKE_AUTH, 1, List.of(
                    new IdentificationPayload(true, me.typeCode(), Bytes.wrap(me.data())),
                    new AuthenticationPayload(auth.method(), Bytes.wrap(auth.data())))));

            List<Payload> answer = ScriptedInitiator.open(sa, alice.answer(Duration.ofSeconds(5)));
            if (additional) {
                assertThat(answer).singleElement().isInstanceOfSatisfying(NotifyPayload.class,
                        n -> assertThat(n.notifyType()).isEqualTo(NotifyType.INVALID_SYNTAX));
                EnginePair.await("bob drops the IKE SA", () -> bob.ikeSas("net").isEmpty());
            } else {
                // Bob authenticated us and answers with IDr and AUTH (refusing only the Child SA we did not ask for).
                assertThat(answer).anyMatch(p -> p instanceof IdentificationPayload).anyMatch(p -> p instanceof AuthenticationPayload);
            }
        }
    }
}
