package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.EncryptedFragmentPayload;
import net.vpnaas.ike.message.EncryptedPayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PayloadType;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.transport.Datagram;
import org.junit.jupiter.api.Test;

/**
 * Puzzles in IKE_AUTH (RFC 8019 section 7.2), both roles: bob, under puzzles and while IKE_AUTHs fail,
 * puts a PUZZLE for IKE_AUTH in his IKE_SA_INIT response to an initiator that solved his IKE_SA_INIT puzzle
 * and authenticates with a signature; alice solves it over
 * Nr | SPIr with the negotiated PRF and sends the solution as PS in front of SK; bob checks it before
 * anything else is done with the request.
 *
 * <pre>
 * HDR, SAi1, KEi, Ni  -->
 *                     <--  HDR, N(COOKIE), N(PUZZLE)
 * HDR, N(COOKIE), SAi1, KEi, Ni, PS  -->
 *                     <--  HDR, SAr1, KEr, Nr, N(PUZZLE)
 * HDR, PS, SK {IDi, AUTH, SAi2, TSi, TSr}  -->
 *                     <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
 * </pre>
 */
class AuthPuzzleTest {

    /** Certificates on both sides: an IKE_AUTH costs bob a signature check, which an IKE_AUTH puzzle is worth asking for. */
    private static final TestPki PKI = TestPki.create(KeyKind.ECDSA_P256);
    private static final TestPki.Issued ALICE = PKI.issue("alice@example.org", KeyKind.ECDSA_P256);
    private static final TestPki.Issued BOB = PKI.issue("bob.example.org", KeyKind.ECDSA_P256);
    private static final UnaryOperator<ConnectionConfig> ALICE_SIGNS = c -> CertificateAuthTest.certs(c, ALICE, PKI);
    private static final UnaryOperator<ConnectionConfig> BOB_SIGNS = c -> CertificateAuthTest.certs(c, BOB, PKI);

    /** Always under puzzles (threshold 0), no share for initiators without puzzles, difficulty {@code bits}. */
    private static EngineOptions bob(int bits) {
        return new EngineOptions(4500, 0, Duration.ofSeconds(30),
                new DefenceOptions(0, 0, 10, 10, 10, bits, bits, 1, 20, Duration.ofHours(1), 5, Duration.ofSeconds(12)));
    }

    @Test
    void theInitiatorSolvesTheIkeAuthPuzzleOverNrAndSpirAndSendsItInFrontOfSk() throws Exception {
        try (EnginePair p = new EnginePair(ALICE_SIGNS, BOB_SIGNS, bob(6))) {
            authFlood(p);
            p.establish();
            p.assertMirrored();
            IkeMessage initResponse = last(p, ExchangeType.IKE_SA_INIT, true);
            PuzzleNotification puzzle = initResponse.notify(NotifyType.PUZZLE).flatMap(n -> PuzzleNotification.decode(n.data())).orElseThrow();
            assertThat(puzzle).as("the negotiated PRF, the difficulty of the load").isEqualTo(new PuzzleNotification(PrfAlgorithm.HMAC_SHA2_256.id(), 6));

            Datagram authRequest = sent(p, ExchangeType.IKE_AUTH, false).getFirst();
            byte[] wire = authRequest.data();
            // Byte level: the header's next payload is PS (54), whose next payload is SK (46).
            assertThat(wire[16] & 0xff).isEqualTo(PayloadType.PUZZLE_SOLUTION.code());
            assertThat(wire[28] & 0xff).isEqualTo(PayloadType.ENCRYPTED.code());
            IkeMessage request = IkeMessage.decode(wire.clone());
            assertThat(request.payloads()).hasSize(2);
            assertThat(request.payloads().get(1)).isInstanceOf(EncryptedPayload.class);
            byte[] nr = initResponse.first(NoncePayload.class).orElseThrow().data().toByteArray();
            assertSolves(request.first(PuzzleSolutionPayload.class).orElseThrow().data().toByteArray(), nr, initResponse.header().responderSpi(), 6);
            assertThat(p.bob.defenceState().dropped(DropReason.PUZZLE_UNSOLVED)).isZero();
        }
    }

    @Test
    void difficultyZeroTakesAnyFourDifferentKeys() throws Exception {
        try (EnginePair p = new EnginePair(ALICE_SIGNS, BOB_SIGNS, bob(0))) {
            authFlood(p);
            p.establish();
            IkeMessage initResponse = last(p, ExchangeType.IKE_SA_INIT, true);
            assertThat(initResponse.notify(NotifyType.PUZZLE).flatMap(n -> PuzzleNotification.decode(n.data())).orElseThrow().difficulty()).isZero();
            IkeMessage request = IkeMessage.decode(sent(p, ExchangeType.IKE_AUTH, false).getFirst().data().clone());
            byte[] nr = initResponse.first(NoncePayload.class).orElseThrow().data().toByteArray();
            assertSolves(request.first(PuzzleSolutionPayload.class).orElseThrow().data().toByteArray(), nr, initResponse.header().responderSpi(), 0);
        }
    }

    @Test
    void aPuzzleAsHardAsTheInitiatorAcceptsIsSolved() {
        EngineOptions alice = EngineOptions.DEFAULT.withDefence(DefenceOptions.DEFAULT.withAcceptedDifficulty(8));
        try (EnginePair p = new EnginePair(ALICE_SIGNS, BOB_SIGNS, alice, bob(8))) {
            authFlood(p);
            p.establish();
            assertThat(last(p, ExchangeType.IKE_SA_INIT, true).notify(NotifyType.PUZZLE)).isPresent();
        }
    }

    /**
     * Bob drops an IKE_AUTH request without the solution, or with a wrong one, unanswered and as
     * PUZZLE_UNSOLVED: before decrypting it (a message whose PS was taken away no longer passes the
     * integrity check, which would count as SESSION). Alice's retransmission, with it, gets in.
     */
    @Test
    void anIkeAuthWithoutTheSolutionOrWithAWrongOneIsDroppedBeforeItsDecryption() throws Exception {
        try (EnginePair p = new EnginePair(ALICE_SIGNS, BOB_SIGNS, bob(6))) {
            authFlood(p);
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_AUTH && !h.response(), InMemoryNetwork.Action.DROP, 1);
            p.alice.initiate("net");
            EnginePair.await("alice's IKE_AUTH request", () -> !sent(p, ExchangeType.IKE_AUTH, false).isEmpty());
            Datagram original = sent(p, ExchangeType.IKE_AUTH, false).getFirst();
            IkeMessage m = IkeMessage.decode(original.data().clone());
            EncryptedPayload sk = m.first(EncryptedPayload.class).orElseThrow();
            byte[] solution = m.first(PuzzleSolutionPayload.class).orElseThrow().data().toByteArray();
            solution[solution.length - 1] ^= 1;
            long sessionDrops = p.bob.defenceState().dropped(DropReason.SESSION);
            deliverToBob(p, original, IkeMessage.of(m.header(), List.of(sk)).encode());
            deliverToBob(p, original, IkeMessage.of(m.header(), List.of(new PuzzleSolutionPayload(Bytes.wrap(solution)), sk)).encode());
            EnginePair.await("both dropped as unsolved", () -> p.bob.defenceState().dropped(DropReason.PUZZLE_UNSOLVED) == 2);
            assertThat(p.bob.defenceState().dropped(DropReason.SESSION)).as("nothing reached the integrity check").isEqualTo(sessionDrops);
            p.awaitChildren(1);
        }
    }

    /** RFC 8019 7.2.2 with RFC 7383: the PS goes in front of the first fragment's SKF only, covered by its integrity check. */
    @Test
    void aFragmentedIkeAuthCarriesTheSolutionInItsFirstFragment() throws Exception {
        UnaryOperator<ConnectionConfig> small = c -> new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(),
                c.authentication(), c.ikeProposals(), c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(),
                new RetransmitPolicy(Duration.ofSeconds(2), 1.5, 3), c.natTraversal(), 256);
        try (EnginePair p = new EnginePair(c -> small.apply(ALICE_SIGNS.apply(c)), c -> small.apply(BOB_SIGNS.apply(c)), EngineOptions.DEFAULT, bob(4))) {
            authFlood(p);
            p.establish();
            List<IkeMessage> fragments = new ArrayList<>();
            for (Datagram d : sent(p, ExchangeType.IKE_AUTH, false)) fragments.add(IkeMessage.decode(d.data().clone()));
            assertThat(fragments).hasSizeGreaterThan(1);
            for (IkeMessage f : fragments) {
                int number = f.first(EncryptedFragmentPayload.class).orElseThrow().fragmentNumber();
                assertThat(f.first(PuzzleSolutionPayload.class).isPresent()).as("PS in fragment %d", number).isEqualTo(number == 1);
            }
        }
    }

    /**
     * An initiator that solved no puzzle in IKE_SA_INIT (bob was not under puzzles then) gets no puzzle
     * for IKE_AUTH (RFC 8019 7.2.1); when its IKE_AUTH arrives under puzzles it comes after those that
     * solved: here, beyond the share for such initiators (0), it is dropped unanswered.
     */
    @Test
    void anIkeAuthOfAnInitiatorWithoutPuzzlesUnderPuzzlesComesAfterThoseThatSolved() {
        // Puzzles from one half-open IKE SA on: alice's IKE_SA_INIT finds none and is answered at once, her
        // IKE_AUTH finds her own.
        EngineOptions bob = new EngineOptions(4500, 1, Duration.ofSeconds(30),
                new DefenceOptions(1, 1, 10, 10, 10, 4, 4, 1, 20, Duration.ofHours(1), 5, Duration.ofSeconds(12)));
        try (EnginePair p = new EnginePair(UnaryOperator.identity(), UnaryOperator.identity(), bob)) {
            p.alice.initiate("net");
            EnginePair.await("alice's IKE_AUTH dropped", () -> p.bob.defenceState().dropped(DropReason.LEGACY_CROWDED) > 0);
            assertThat(last(p, ExchangeType.IKE_SA_INIT, true).notify(NotifyType.PUZZLE)).as("no puzzle for one that solved none").isEmpty();
            assertThat(sent(p, ExchangeType.IKE_AUTH, true)).as("bob's answers to IKE_AUTH").isEmpty();
            assertThat(EnginePair.established(p.bob)).isFalse();
        }
    }

    /**
     * With PSKs an IKE_AUTH costs bob a few PRF calls, about what checking a puzzle would: even while IKE_AUTHs
     * fail he asks for none in IKE_AUTH (only in IKE_SA_INIT), and alice sends no PS.
     */
    @Test
    void peersWithPresharedKeysGetNoIkeAuthPuzzle() throws Exception {
        try (EnginePair p = new EnginePair(UnaryOperator.identity(), UnaryOperator.identity(), bob(6))) {
            authFlood(p);
            p.establish();
            assertThat(last(p, ExchangeType.IKE_SA_INIT, true).notify(NotifyType.PUZZLE)).isEmpty();
            assertThat(IkeMessage.decode(sent(p, ExchangeType.IKE_AUTH, false).getFirst().data().clone()).first(PuzzleSolutionPayload.class)).isEmpty();
        }
    }

    /**
     * Without IKE_AUTH failures there is no IKE_AUTH flood to defend against: under puzzles the IKE_SA_INIT
     * response demands none for IKE_AUTH, and the IKE_AUTH request carries no PS.
     */
    @Test
    void withoutIkeAuthFailuresOnlyIkeSaInitHasAPuzzle() throws Exception {
        try (EnginePair p = new EnginePair(ALICE_SIGNS, BOB_SIGNS, bob(6))) {
            p.establish();
            assertThat(last(p, ExchangeType.IKE_SA_INIT, true).notify(NotifyType.PUZZLE)).isEmpty();
            assertThat(IkeMessage.decode(sent(p, ExchangeType.IKE_AUTH, false).getFirst().data().clone()).first(PuzzleSolutionPayload.class)).isEmpty();
            assertThat(p.bob.defenceState().puzzlesSent()).as("the IKE_SA_INIT puzzle").isEqualTo(1);
        }
    }

    /** An IKE_AUTH failed lately, from another address: an IKE_AUTH flood is on (what an attacker with a wrong PSK causes). */
    private static void authFlood(EnginePair p) {
        p.bob.authenticationFailed(InetAddress.ofLiteral("203.0.113.9"));
    }

    /** {@code solution} is four different keys whose HMAC-SHA-256 over Nr | SPIr each ends in {@code bits} zero bits (RFC 8019 7.2.3). */
    private static void assertSolves(byte[] solution, byte[] nr, long spir, int bits) throws GeneralSecurityException {
        assertThat(solution.length % 4).isZero();
        int keyLength = solution.length / 4;
        byte[] challenge = ByteBuffer.allocate(nr.length + 8).put(nr).putLong(spir).array();
        Set<Bytes> keys = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            byte[] key = java.util.Arrays.copyOfRange(solution, i * keyLength, (i + 1) * keyLength);
            keys.add(Bytes.wrap(key));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] out = mac.doFinal(challenge);
            for (int bit = 0; bit < bits; bit++) {
                assertThat((out[out.length - 1 - bit / 8] >> (bit % 8)) & 1).as("bit %d of key %d's PRF output", bit, i).isZero();
            }
        }
        assertThat(keys).as("four different keys").hasSize(4);
    }

    private static void deliverToBob(EnginePair p, Datagram sentByAlice, byte[] bytes) {
        p.bob.receive(new Datagram(sentByAlice.remote(), sentByAlice.local(), bytes));
    }

    private static List<Datagram> sent(EnginePair p, ExchangeType type, boolean response) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == type && s.header().response() == response)
                .map(InMemoryNetwork.Sent::datagram).toList();
    }

    private static IkeMessage last(EnginePair p, ExchangeType type, boolean response) {
        try {
            return IkeMessage.decode(sent(p, type, response).getLast().data().clone());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
