package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.GspmPayload;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.KeyExchangeMethod;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PaceEncryptedNonce;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.SecurePasswordMethodsNotify;
import org.junit.jupiter.api.Test;

/**
 * What a password responder does with malformed PACE input from a hand-played initiator: a
 * SECURE_PASSWORD_METHODS of an odd length is answered INVALID_SYNTAX in IKE_SA_INIT; in the first
 * IKE_AUTH, an ENONCE of the wrong length or a KEi off the curve is refused with AUTHENTICATION_FAILED,
 * and a GSPM without KEi breaks the presence rules (INVALID_SYNTAX); nothing is installed, the IKE SA goes.
 */
class PaceRefusalTest {
    private static final String IKE = "aes256gcm16-prfsha256-ecp256";
    private static final NotifyPayload OFFER = new SecurePasswordMethodsNotify(List.of(SecurePasswordMethodsNotify.PACE)).payload();

    private interface Script {
        void run(ScriptedInitiator alice, IkeEngine bob) throws Exception;
    }

    private static void withBob(Script script) throws Exception {
        ScriptedInitiator alice = new ScriptedInitiator(EnginePair.BOB, EnginePair.ALICE);
        RecordingSaSink sink = new RecordingSaSink();
        try (IkeEngine bob = new IkeEngine(alice.transport(), sink, new Random(2)::nextBytes, EngineOptions.DEFAULT)) {
            ConnectionConfig c = EnginePair.with(EnginePair.bobConfig(), IKE, "aes256gcm16");
            bob.addConnection(new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(),
                    new Authentication.Password("402915".getBytes(StandardCharsets.UTF_8)), c.ikeProposals(), c.espProposals(),
                    c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), c.retransmit()));
            bob.start();
            alice.talkTo(bob);
            script.run(alice, bob);
            assertThat(sink.installed).isEmpty();
        }
    }

    @Test
    void aSecurePasswordMethodsOfAnOddLengthIsInvalidSyntax() throws Exception {
        withBob((alice, bob) -> {
            IkeMessage answer = alice.ikeSaInitAnswer(List.of(ProposalParser.ike(IKE)),
                    List.of(NotifyPayload.of(NotifyType.SECURE_PASSWORD_METHODS, Bytes.fromHex("000100"))), Duration.ofSeconds(5));
            assertThat(answer.payloads()).singleElement().isInstanceOfSatisfying(NotifyPayload.class,
                    n -> assertThat(n.notifyType()).isEqualTo(NotifyType.INVALID_SYNTAX));
        });
    }

    @Test
    void anEnonceOfTheWrongLengthIsRefused() throws Exception {
        assertFirstAuthAnswered(List.of(idi(), new GspmPayload(Bytes.wrap(new byte[1 + 16 + 31])), ke(validPoint())),
                NotifyType.AUTHENTICATION_FAILED);
    }

    @Test
    void aKeiOffTheCurveIsRefused() throws Exception {
        assertFirstAuthAnswered(List.of(idi(), enonce(), ke(new byte[64])), NotifyType.AUTHENTICATION_FAILED);
    }

    @Test
    void aGspmWithoutKeiBreaksThePresenceRules() throws Exception {
        assertFirstAuthAnswered(List.of(idi(), enonce()), NotifyType.INVALID_SYNTAX);
    }

    private static void assertFirstAuthAnswered(List<Payload> inner, NotifyType expected) throws Exception {
        withBob((alice, bob) -> {
            ScriptedInitiator.Sa sa = alice.ikeSaInit(List.of(ProposalParser.ike(IKE)), List.of(OFFER), Duration.ofSeconds(5));
            alice.send(alice.request(sa, ExchangeType.IKE_AUTH, 1, inner));
            List<Payload> answer = ScriptedInitiator.open(sa, alice.answer(Duration.ofSeconds(5)));
            assertThat(answer).singleElement().isInstanceOfSatisfying(NotifyPayload.class, n -> assertThat(n.notifyType()).isEqualTo(expected));
            EnginePair.await("bob drops the IKE SA", () -> bob.ikeSas("net").isEmpty());
        });
    }

    private static IdentificationPayload idi() {
        Identity me = EnginePair.aliceConfig().localId();
        return new IdentificationPayload(true, me.typeCode(), Bytes.wrap(me.data()));
    }

    private static GspmPayload enonce() {
        return new PaceEncryptedNonce(Bytes.wrap(new byte[16]), Bytes.wrap(new byte[32])).payload();
    }

    private static KeyExchangePayload ke(byte[] value) {
        return KeyExchangePayload.of(KeyExchangeMethod.of(19), Bytes.wrap(value));
    }

    /** The P-256 generator, x | y: a point on the curve. */
    private static byte[] validPoint() {
        return Bytes.fromHex("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5").toByteArray();
    }
}
