package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.crypto.ClientPuzzle;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.engine.DefenceState.Level;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import org.junit.jupiter.api.Test;

/**
 * The responder's layered defences of RFC 8019 (bob, who accepts any address) against IKE_SA_INITs made
 * by hand from many sources ({@link SpoofedInits}), and our initiator (alice) meeting them. Small
 * limits: COOKIE from 2 half-open IKE SAs, PUZZLE from 4 (difficulty 2, one bit more per IKE SA, at most
 * 5), legacy initiators up to 6, nothing beyond 8.
 */
class DefenceTest {

    private static final DefenceOptions SMALL = new DefenceOptions(4, 6, 8, 8, 8, 2, 5, 1, 20, Duration.ofHours(1), 5, Duration.ofSeconds(12));

    private static EngineOptions bob(DefenceOptions defence, int cookieThreshold, Duration halfOpenTimeout) {
        return new EngineOptions(4500, cookieThreshold, halfOpenTimeout, defence);
    }

    /** Bob's connection, open to initiators at any address (as a road-warrior gateway is). */
    private static ConnectionConfig anyPeer(ConnectionConfig c) {
        return EnginePair.config("net", EnginePair.BOB, InetAddress.ofLiteral("0.0.0.0"), "@bob.example.org", "alice@example.org",
                "10.2.0.0", "10.2.255.255", "10.1.0.0", "10.1.255.255");
    }

    private static InetAddress source(int i) {
        return InetAddress.ofLiteral("203.0.113." + i);
    }

    private static void assertState(IkeEngine e, Level level, int difficulty, int halfOpen) {
        DefenceState s = e.defenceState();
        assertThat(s.level()).as("level of %s", s).isEqualTo(level);
        assertThat(s.difficulty()).as("difficulty of %s", s).isEqualTo(difficulty);
        assertThat(s.halfOpen()).as("half-open of %s", s).isEqualTo(halfOpen);
    }

    @Test
    void eachLevelInTurnAsHalfOpenSasPileUpAndNormalAgainOnceTheyTimeOut() {
        try (EnginePair p = new EnginePair(c -> c, DefenceTest::anyPeer, bob(SMALL, 2, Duration.ofSeconds(4)))) {
            SpoofedInits f = new SpoofedInits(p.bob, p.net, EnginePair.BOB);
            assertState(p.bob, Level.NORMAL, 0, 0);
            f.initiate(source(1), 1, true);
            f.initiate(source(2), 2, true);
            assertThat(p.bob.defenceState().cookiesSent()).as("no cookie below the threshold").isZero();
            assertState(p.bob, Level.COOKIES, 0, 2);

            f.send(source(3), 3, Optional.empty(), Optional.empty());
            IkeMessage answer = f.lastAnswer(3).orElseThrow();
            assertThat(SpoofedInits.cookieOf(answer)).isPresent();
            assertThat(SpoofedInits.puzzleOf(answer)).as("no puzzle at the COOKIE level").isEmpty();
            assertState(p.bob, Level.COOKIES, 0, 2);
            f.send(source(3), 3, SpoofedInits.cookieOf(answer), Optional.empty());
            f.initiate(source(4), 4, true);
            assertState(p.bob, Level.PUZZLES, 2, 4);

            f.send(source(5), 5, Optional.empty(), Optional.empty());
            answer = f.lastAnswer(5).orElseThrow();
            assertThat(SpoofedInits.cookieOf(answer)).isPresent();
            assertThat(SpoofedInits.puzzleOf(answer)).contains(new PuzzleNotification(PrfAlgorithm.HMAC_SHA2_256.id(), 2));
            for (int i = 5; i <= 8; i++) f.initiate(source(i), i, true);
            assertState(p.bob, Level.PUZZLES, 5, 8); // 2 + 4 bits, capped at the maximum 5
            f.send(source(9), 9, Optional.empty(), Optional.empty());
            assertThat(f.lastAnswer(9).flatMap(SpoofedInits::puzzleOf)).contains(new PuzzleNotification(PrfAlgorithm.HMAC_SHA2_256.id(), 5));
            DefenceState s = p.bob.defenceState();
            // Cookies to SPIs 3 to 9, and to 5 twice (asked by hand, then by initiate); puzzles from 5 on.
            assertThat(s.cookiesSent()).isEqualTo(8);
            assertThat(s.puzzlesSent()).isEqualTo(6);

            EnginePair.await("the spoofed half-open IKE SAs time out", () -> p.bob.defenceState().halfOpen() == 0);
            assertState(p.bob, Level.NORMAL, 0, 0);
        }
    }

    @Test
    void legacyInitiatorsGetInAtThePuzzleThresholdNotAtTheirLimitAndNothingGoesBeyondTheHalfOpenLimit() {
        try (EnginePair p = new EnginePair(c -> c, DefenceTest::anyPeer, bob(SMALL, 2, Duration.ofSeconds(30)))) {
            SpoofedInits f = new SpoofedInits(p.bob, p.net, EnginePair.BOB);
            for (int i = 1; i <= 4; i++) f.initiate(source(i), i, true);
            assertState(p.bob, Level.PUZZLES, 2, 4);
            // HDR, SAi1, KEi, Ni  -->  <-- HDR, N(COOKIE), N(PUZZLE);  HDR, N(COOKIE), SAi1, KEi, Ni  -->  (no PS)
            f.initiate(source(5), 5, false);
            assertState(p.bob, Level.PUZZLES, 3, 5);
            EnginePair.await("bob answers the legacy initiator", () -> f.lastAnswer(5).flatMap(m -> m.first(SecurityAssociationPayload.class)).isPresent());
            f.initiate(source(6), 6, true);
            assertState(p.bob, Level.PUZZLES, 4, 6);
            for (int i = 7; i < 17; i++) f.initiate(source(i), i, false);
            assertThat(p.bob.defenceState().dropped(DropReason.LEGACY_CROWDED)).isEqualTo(10);
            assertState(p.bob, Level.PUZZLES, 4, 6);
            f.initiate(source(17), 17, true);
            f.initiate(source(18), 18, true);
            assertState(p.bob, Level.PUZZLES, 5, 8);
            f.initiate(source(19), 19, true);
            assertThat(p.bob.defenceState().dropped(DropReason.HALF_OPEN_LIMIT)).isEqualTo(1);

            // A spoofed flood from random sources gets cookies and leaves no state.
            Random r = new Random(11);
            long cookiesBefore = p.bob.defenceState().cookiesSent();
            for (int i = 0; i < 2000; i++) {
                byte[] a = new byte[4];
                r.nextBytes(a);
                a[0] = (byte) (1 + (a[0] & 0x7f));
                f.send(addressOf(a), 1000 + i, Optional.empty(), Optional.empty());
            }
            assertThat(p.bob.defenceState().cookiesSent() - cookiesBefore).isEqualTo(2000);
            assertState(p.bob, Level.PUZZLES, 5, 8);
        }
    }

    @Test
    void legacyInitiatorsAreServedByChanceLessOftenAsTheLoadRises() {
        // Puzzles from 4 half-open IKE SAs, legacy initiators never from 404: each is served with
        // probability (404 - n) / 400, so of 100 in a row about 88 get in, and some do not.
        DefenceOptions wide = new DefenceOptions(4, 404, 1000, 1000, 1000, 0, 0, 1, 20, Duration.ofHours(1), 5, Duration.ofSeconds(12));
        try (EnginePair p = new EnginePair(c -> c, DefenceTest::anyPeer, bob(wide, 2, Duration.ofSeconds(30)))) {
            SpoofedInits f = new SpoofedInits(p.bob, p.net, EnginePair.BOB);
            for (int i = 1; i <= 4; i++) f.initiate(InetAddress.ofLiteral("198.51.100." + i), i, true);
            for (int i = 0; i < 100; i++) f.initiate(source(1 + i), 100 + i, false);
            long refused = p.bob.defenceState().dropped(DropReason.LEGACY_CROWDED);
            assertThat(refused).as("legacy initiators not served").isBetween(1L, 40L);
            assertThat(p.bob.defenceState().halfOpen()).isEqualTo(4 + 100 - (int) refused);
        }
    }

    @Test
    void puzzleSolutionBelowTheDifficultyIsDroppedWithoutAnAnswer() {
        try (EnginePair p = new EnginePair(c -> c, DefenceTest::anyPeer, bob(SMALL, 2, Duration.ofSeconds(30)))) {
            SpoofedInits f = new SpoofedInits(p.bob, p.net, EnginePair.BOB);
            for (int i = 1; i <= 4; i++) f.initiate(source(i), i, true);
            f.send(source(5), 5, Optional.empty(), Optional.empty());
            Bytes cookie = f.lastAnswer(5).flatMap(SpoofedInits::cookieOf).orElseThrow();
            f.send(source(5), 5, Optional.of(cookie), Optional.of(keysWithoutZeroBits(cookie.toByteArray())));
            assertThat(p.bob.defenceState().dropped(DropReason.PUZZLE_UNSOLVED)).isEqualTo(1);
            assertState(p.bob, Level.PUZZLES, 2, 4);
            assertThat(p.net.sent().stream().filter(s -> s.header().initiatorSpi() == 5)).as("answers to SPIi 5: the cookie only").hasSize(1);
        }
    }

    @Test
    void cookieOfThePreviousSecretGetsInAndOfTwoSecretsBackGetsANewCookie() {
        try (EnginePair p = new EnginePair(c -> c, DefenceTest::anyPeer, bob(SMALL, 2, Duration.ofSeconds(30)))) {
            SpoofedInits f = new SpoofedInits(p.bob, p.net, EnginePair.BOB);
            f.initiate(source(1), 1, true);
            f.initiate(source(2), 2, true);
            f.send(source(3), 3, Optional.empty(), Optional.empty());
            Optional<Bytes> previous = f.lastAnswer(3).flatMap(SpoofedInits::cookieOf);
            p.bob.rotateCookieSecret();
            f.send(source(3), 3, previous, Optional.empty());
            assertState(p.bob, Level.COOKIES, 0, 3);

            f.send(source(4), 4, Optional.empty(), Optional.empty());
            Optional<Bytes> old = f.lastAnswer(4).flatMap(SpoofedInits::cookieOf);
            p.bob.rotateCookieSecret();
            p.bob.rotateCookieSecret();
            f.send(source(4), 4, old, Optional.empty());
            assertState(p.bob, Level.COOKIES, 0, 3);
            Optional<Bytes> fresh = f.lastAnswer(4).flatMap(SpoofedInits::cookieOf);
            assertThat(fresh).isPresent().isNotEqualTo(old);
            f.send(source(4), 4, fresh, Optional.empty());
            assertState(p.bob, Level.PUZZLES, 2, 4);
        }
    }

    @Test
    void oneFloodingSourceDoesNotStopAnother() {
        // No cookies yet (threshold 50): per address at most 3, per /24 at most 5.
        DefenceOptions limits = new DefenceOptions(60, 60, 100, 3, 5, 2, 5, 1, 20, Duration.ofHours(1), 5, Duration.ofSeconds(12));
        try (EnginePair p = new EnginePair(c -> c, DefenceTest::anyPeer, bob(limits, 50, Duration.ofSeconds(30)))) {
            SpoofedInits f = new SpoofedInits(p.bob, p.net, EnginePair.BOB);
            for (int i = 0; i < 20; i++) f.initiate(InetAddress.ofLiteral("198.51.100.7"), 100 + i, true);
            assertThat(p.bob.defenceState().halfOpen()).isEqualTo(3);
            assertThat(p.bob.defenceState().dropped(DropReason.ADDRESS_LIMIT)).isEqualTo(17);
            for (int i = 0; i < 10; i++) f.initiate(InetAddress.ofLiteral("198.51.100.8"), 200 + i, true);
            assertThat(p.bob.defenceState().halfOpen()).isEqualTo(5);
            assertThat(p.bob.defenceState().dropped(DropReason.PREFIX_LIMIT)).isEqualTo(8);
            f.initiate(InetAddress.ofLiteral("198.51.101.8"), 300, true);
            f.initiate(InetAddress.ofLiteral("2001:db8:0:1::7"), 301, true);
            assertThat(p.bob.defenceState().halfOpen()).isEqualTo(7);

            p.establish(); // alice, 192.0.2.1
            p.assertMirrored();
            // Bob counts the IKE SA out of the half-open ones just after it reports it established.
            EnginePair.await("alice's IKE SA no longer half-open", () -> p.bob.defenceState().halfOpen() == 7);
        }
    }

    @Test
    void initiatorSolvesThePuzzleEndToEnd() {
        // HDR, SAi1, KEi, Ni  -->
        //                     <--  HDR, N(COOKIE), N(PUZZLE)
        // HDR, N(COOKIE), SAi1, KEi, Ni, PS  -->
        //                     <--  HDR, SAr1, KEr, Nr
        DefenceOptions always = new DefenceOptions(0, 0, 10, 10, 10, 6, 6, 1, 20, Duration.ofHours(1), 5, Duration.ofSeconds(12));
        try (EnginePair p = new EnginePair(c -> c, c -> c, bob(always, 0, Duration.ofSeconds(30)))) {
            p.establish();
            p.assertMirrored();
            List<IkeMessage> requests = initRequests(p);
            assertThat(requests).hasSize(2);
            IkeMessage retried = requests.get(1);
            Bytes cookie = retried.notify(NotifyType.COOKIE).map(NotifyPayload::data).orElseThrow();
            assertThat(retried.payloads().getFirst()).isInstanceOf(NotifyPayload.class);
            byte[] solution = retried.first(PuzzleSolutionPayload.class).orElseThrow().data().toByteArray();
            assertThat(ClientPuzzle.verify(PrfAlgorithm.HMAC_SHA2_256, cookie.toByteArray(), 6, solution)).isTrue();
            EnginePair.await("alice's IKE SA no longer half-open", () -> p.bob.defenceState().halfOpen() == 0);
            DefenceState s = p.bob.defenceState();
            assertThat(s.puzzlesSent()).isEqualTo(1);
            assertThat(s.level()).isEqualTo(Level.PUZZLES);
        }
    }

    @Test
    void initiatorRefusesAPuzzleHarderThanItsBound() {
        DefenceOptions always = new DefenceOptions(0, 0, 10, 10, 10, 6, 6, 1, 20, Duration.ofHours(1), 5, Duration.ofSeconds(12));
        EngineOptions alice = EngineOptions.DEFAULT.withDefence(DefenceOptions.DEFAULT.withAcceptedDifficulty(5));
        try (EnginePair p = new EnginePair(c -> c, c -> c, alice, bob(always, 0, Duration.ofSeconds(30)))) {
            p.alice.initiate("net");
            EnginePair.await("bob's puzzle", () -> p.net.sent().stream().anyMatch(x -> x.header().response()));
            EnginePair.await("alice gives up", () -> p.alice.ikeSas("net").isEmpty());
            assertThat(initRequests(p)).as("no second IKE_SA_INIT").hasSize(1);
            assertThat(p.bob.defenceState().halfOpen()).isZero();
        }
    }

    @Test
    void initiatorWithoutPuzzleSupportGetsInThroughTheCookieWhileTheLegacyShareLasts() {
        DefenceOptions always = new DefenceOptions(0, 5, 10, 10, 10, 6, 6, 1, 20, Duration.ofHours(1), 5, Duration.ofSeconds(12));
        try (EnginePair p = new EnginePair(c -> c, DefenceTest::anyPeer, bob(always, 0, Duration.ofSeconds(30)))) {
            SpoofedInits f = new SpoofedInits(p.bob, p.net, EnginePair.BOB);
            f.send(source(1), 1, Optional.empty(), Optional.empty());
            IkeMessage demand = f.lastAnswer(1).orElseThrow();
            assertThat(SpoofedInits.puzzleOf(demand)).isPresent();
            // It does not know PUZZLE (a status notification it ignores) and returns the cookie alone.
            f.send(source(1), 1, SpoofedInits.cookieOf(demand), Optional.empty());
            EnginePair.await("bob's IKE_SA_INIT response", () -> f.lastAnswer(1).flatMap(m -> m.first(SecurityAssociationPayload.class)).isPresent());
            assertState(p.bob, Level.PUZZLES, 6, 1);
        }
    }

    private static List<IkeMessage> initRequests(EnginePair p) {
        return p.net.sent().stream()
                .filter(s -> s.header().exchangeType() == ExchangeType.IKE_SA_INIT && !s.header().response())
                .map(s -> {
                    try {
                        return IkeMessage.decode(s.datagram().data().clone());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }

    /** Four different keys whose PRF outputs over {@code cookie} all end in a one bit: a solution to difficulty 0 only. */
    private static byte[] keysWithoutZeroBits(byte[] cookie) {
        ByteBuffer out = ByteBuffer.allocate(4 * 8);
        int found = 0;
        for (long k = 0; found < 4; k++) {
            byte[] key = ByteBuffer.allocate(8).putLong(k).array();
            if (ClientPuzzle.zeroBits(PrfAlgorithm.HMAC_SHA2_256.prf(key, cookie)) == 0) {
                out.put(key);
                found++;
            }
        }
        return out.array();
    }

    /**
     * An initiator that completes IKE_SA_INIT and then fails IKE_AUTH (here: alice with a wrong PSK) is
     * shut out after 3 failures in a row: bob drops its next IKE_SA_INITs unanswered, while another address
     * still gets in; once one failure is forgiven (4 s here), alice is answered again.
     */
    @Test
    void anAddressWhoseIkeAuthKeepsFailingIsShutOutForAWhile() {
        DefenceOptions strict = new DefenceOptions(4, 6, 8, 8, 8, 2, 5, 1, 20, Duration.ofHours(1), 3, Duration.ofSeconds(4));
        try (EnginePair p = new EnginePair(c -> EnginePair.withPsk(c, "not the shared secret"), DefenceTest::anyPeer,
                bob(strict, 4, Duration.ofSeconds(30)))) {
            for (int attempt = 1; attempt <= 3; attempt++) {
                p.alice.initiate("net");
                int failures = attempt;
                // HDR, SK {IDi, AUTH(wrong key), ...}  -->  <--  HDR, SK {N(AUTHENTICATION_FAILED)}
                EnginePair.await("IKE_AUTH refused " + attempt + " times", () -> authRefusals(p) == failures
                        && p.alice.ikeSas("net").isEmpty() && p.bob.defenceState().halfOpen() == 0);
            }
            assertThat(p.bob.defenceState().dropped(DropReason.AUTH_FAILURES)).isZero();

            // HDR, SAi1, KEi, Ni  -->   (dropped: no answer, no state, no key exchange)
            p.alice.initiate("net");
            EnginePair.await("alice's IKE_SA_INIT dropped", () -> p.bob.defenceState().dropped(DropReason.AUTH_FAILURES) > 0);
            assertThat(p.bob.defenceState().halfOpen()).isZero();
            assertThat(authRefusals(p)).isEqualTo(3);
            SpoofedInits other = new SpoofedInits(p.bob, p.net, EnginePair.BOB);
            other.initiate(source(1), 1, true);
            assertThat(p.bob.defenceState().halfOpen()).as("another address still gets in").isEqualTo(1);

            // Alice tries again whenever she gave up; about 4 s after her last failure one is forgiven and she is answered.
            EnginePair.await("alice answered again", () -> {
                if (p.alice.ikeSas("net").isEmpty()) p.alice.initiate("net");
                return authRefusals(p) == 4;
            });
        }
    }

    /**
     * Thresholds changed while the engine runs take effect with the next request: lowered, a cookie is demanded
     * where none was, and the half-open IKE SAs there are count against the new thresholds; raised again, not.
     * A cookie threshold above the new puzzle threshold is refused and the old thresholds stay.
     */
    @Test
    void updatedThresholdsTakeEffectWithTheNextRequest() {
        try (EnginePair p = new EnginePair(c -> c, DefenceTest::anyPeer, bob(SMALL, 4, Duration.ofSeconds(30)))) {
            SpoofedInits f = new SpoofedInits(p.bob, p.net, EnginePair.BOB);
            f.send(source(1), 1, Optional.empty(), Optional.empty());
            assertThat(f.lastAnswer(1).flatMap(SpoofedInits::cookieOf)).as("below the cookie threshold 4").isEmpty();
            assertState(p.bob, Level.NORMAL, 0, 1);

            p.bob.updateDefence(1, SMALL);
            assertState(p.bob, Level.COOKIES, 0, 1);
            f.send(source(2), 2, Optional.empty(), Optional.empty());
            assertThat(f.lastAnswer(2).flatMap(SpoofedInits::cookieOf)).as("at the new cookie threshold 1").isPresent();
            assertThat(p.bob.defenceState().halfOpen()).isEqualTo(1);

            DefenceOptions puzzlesAtOne = new DefenceOptions(1, 6, 8, 8, 8, 3, 5, 1, 20, Duration.ofHours(1), 5, Duration.ofSeconds(12));
            p.bob.updateDefence(1, puzzlesAtOne);
            assertState(p.bob, Level.PUZZLES, 3, 1);
            f.send(source(3), 3, Optional.empty(), Optional.empty());
            assertThat(f.lastAnswer(3).flatMap(SpoofedInits::puzzleOf))
                    .contains(new PuzzleNotification(PrfAlgorithm.HMAC_SHA2_256.id(), 3));

            assertThatThrownBy(() -> p.bob.updateDefence(5, SMALL)).isInstanceOf(IllegalArgumentException.class);
            assertState(p.bob, Level.PUZZLES, 3, 1);

            p.bob.updateDefence(4, SMALL);
            f.send(source(4), 4, Optional.empty(), Optional.empty());
            assertThat(f.lastAnswer(4).flatMap(SpoofedInits::cookieOf)).as("below the cookie threshold 4 again").isEmpty();
            assertState(p.bob, Level.NORMAL, 0, 2);
        }
    }

    /** AUTHENTICATION_FAILED answers bob sent to IKE_AUTH requests. */
    private static long authRefusals(EnginePair p) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH && s.header().response()
                && s.datagram().local().getAddress().equals(EnginePair.BOB)).count();
    }

    private static InetAddress addressOf(byte[] a) {
        try {
            return InetAddress.getByAddress(a);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
