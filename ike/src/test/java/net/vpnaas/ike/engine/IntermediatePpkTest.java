package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys.Key;
import net.vpnaas.ike.crypto.IntegrityCheckException;
import net.vpnaas.ike.crypto.SkCipher;
import net.vpnaas.ike.exchange.SkProtection;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.PpkUse;
import org.junit.jupiter.api.Test;

/**
 * PPKs mixed in during IKE_INTERMEDIATE (RFC 9867) between two of our engines, alice initiating: so
 * IKE_AUTH, with the identities in it, is protected by the PPK too; mandatory and optional PPKs,
 * several PPK ids, a mismatched id or secret (refused in IKE_INTERMEDIATE, before IKE_AUTH, with a
 * reason naming the PPK on both sides), a peer without RFC 9867 (RFC 8784 instead), and the PPK after
 * two additional key exchanges.
 */
class IntermediatePpkTest {
    private static final Key A = Key.of("ppk-a", secret('a'));
    private static final Key B = Key.of("ppk-b", secret('b'));

    private static byte[] secret(char c) {
        byte[] s = new byte[48];
        Arrays.fill(s, (byte) c);
        return s;
    }

    private static UnaryOperator<ConnectionConfig> ppk(boolean required, Key... keys) {
        return c -> c.withPpk(new PostQuantumPreSharedKeys(List.of(keys), required));
    }

    private static IkeSa ikeSa(IkeEngine e) {
        return e.ikeSas("net").getFirst();
    }

    private static List<NotifyType> notifies(EnginePair p, ExchangeType exchange, boolean response) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == exchange && s.header().response() == response)
                .flatMap(s -> decode(s.datagram().data()).payloads(NotifyPayload.class).stream().map(NotifyPayload::notifyType)).toList();
    }

    private static IkeMessage decode(byte[] datagram) {
        try {
            return IkeMessage.decode(datagram.clone());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long sent(EnginePair p, ExchangeType exchange) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == exchange).count();
    }

    /** Both sides hold the same keys and report the same PPK, or both none. */
    private static void assertPpk(EnginePair p, String id) {
        assertThat(ikeSa(p.alice).ppkId()).isEqualTo(Optional.ofNullable(id));
        assertThat(ikeSa(p.bob).ppkId()).isEqualTo(Optional.ofNullable(id));
        assertThat(ikeSa(p.alice).keys().skD()).isEqualTo(ikeSa(p.bob).keys().skD());
        p.assertMirrored();
    }

    @Test
    void aRequiredPpkIsAgreedInIkeIntermediateAndIkeAuthCarriesNoPpkNotification() {
        // HDR, SAi1, KEi, Ni, N(INTERMEDIATE_EXCHANGE_SUPPORTED), N(USE_PPK), N(USE_PPK_INT)  -->
        //               <--  HDR, SAr1, KEr, Nr, N(INTERMEDIATE_EXCHANGE_SUPPORTED), N(USE_PPK_INT)
        // HDR(IKE_INTERMEDIATE), SK {N(PPK_IDENTITY_KEY, ppk-a | confirmation)}  -->
        //               <--  HDR(IKE_INTERMEDIATE), SK {N(PPK_IDENTITY, ppk-a)}    (all keys anew with the PPK)
        // HDR(IKE_AUTH), SK {IDi, AUTH, SA, TSi, TSr}  -->  <--  HDR(IKE_AUTH), SK {IDr, AUTH, SA, TSi, TSr}
        try (MessageLines lines = new MessageLines(); EnginePair p = new EnginePair(ppk(true, A), ppk(true, A), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            assertThat(ikeSa(p.alice).ppkUse()).isEqualTo(PpkUse.IKE_INTERMEDIATE);
            assertThat(notifies(p, ExchangeType.IKE_SA_INIT, false))
                    .contains(NotifyType.USE_PPK, NotifyType.USE_PPK_INT, NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED);
            assertThat(notifies(p, ExchangeType.IKE_SA_INIT, true)).contains(NotifyType.USE_PPK_INT, NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED)
                    .as("a responder answers one of them (RFC 9867 section 3)").doesNotContain(NotifyType.USE_PPK);
            assertThat(lines.sentTo(EnginePair.BOB, "IKE_INTERMEDIATE request")).singleElement().asString().contains("N(PPK_IDENTITY_KEY)");
            assertThat(lines.sentTo(EnginePair.ALICE, "IKE_INTERMEDIATE response")).singleElement().asString().contains("N(PPK_IDENTITY)");
            assertThat(lines.sentTo(EnginePair.BOB, "IKE_AUTH request")).singleElement().asString().doesNotContain("PPK");
            assertThat(lines.sentTo(EnginePair.ALICE, "IKE_AUTH response")).singleElement().asString().doesNotContain("PPK");
            assertThat(ikeSa(p.alice).quantumSafety()).hasToString("PPK(ppk-a)");
            assertThat(ikeSa(p.bob).quantumSafety()).hasToString("PPK(ppk-a)");
            // A Child SA rekey runs over the keys with the PPK.
            p.alice.rekeyChildren("net");
            EnginePair.await("child rekeyed", () -> p.bobSink.deleted.size() == 1);
            p.awaitChildren(1);
            p.assertMirrored();
        }
    }

    /**
     * What the PPK in IKE_INTERMEDIATE adds over RFC 8784: someone who recorded the handshake and later
     * breaks X25519 has every key but the PPK. The same handshake without PPKs (the engines' random
     * sources are seeded, so the same nonces, SPIs and X25519 keys) gives exactly those keys. With RFC 8784
     * they open alice's IKE_AUTH request and read her identity; with RFC 9867 they do not, while the keys
     * with the PPK do.
     */
    @Test
    void ikeAuthAndTheIdentitiesInItCannotBeDecryptedWithoutThePpk() throws Exception {
        SkCipher withoutPpk;
        try (EnginePair p = new EnginePair()) {
            p.establish();
            withoutPpk = ikeSa(p.alice).keys().initiatorCipher();
        }
        IkeMessage rfc8784;
        try (EnginePair p = new EnginePair(ppk(true, A).andThen(IntermediatePpkTest::onlyInIkeAuth)::apply,
                ppk(true, A).andThen(IntermediatePpkTest::onlyInIkeAuth)::apply, EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            rfc8784 = ikeAuthRequest(p);
        }
        assertThat(SkProtection.open(rfc8784, withoutPpk)).as("RFC 8784: IKE_AUTH is protected by keys without the PPK")
                .anySatisfy(pl -> assertThat(pl).isInstanceOf(IdentificationPayload.class));
        try (EnginePair p = new EnginePair(ppk(true, A), ppk(true, A), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            IkeMessage rfc9867 = ikeAuthRequest(p);
            assertThatThrownBy(() -> SkProtection.open(rfc9867, withoutPpk)).as("RFC 9867: not without the PPK")
                    .isInstanceOf(IntegrityCheckException.class);
            List<Payload> opened = SkProtection.open(rfc9867, ikeSa(p.alice).keys().initiatorCipher());
            assertThat(opened).anySatisfy(pl -> assertThat(pl).isInstanceOf(IdentificationPayload.class));
        }
    }

    private static ConnectionConfig onlyInIkeAuth(ConnectionConfig c) {
        return c.withPpk(c.ppk().onlyInIkeAuth());
    }

    private static IkeMessage ikeAuthRequest(EnginePair p) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH && !s.header().response())
                .map(s -> decode(s.datagram().data())).findFirst().orElseThrow();
    }

    @Test
    void theInitiatorOffersAllItsPpksAndTheResponderTakesTheFirstItHolds() {
        try (MessageLines lines = new MessageLines(); EnginePair p = new EnginePair(ppk(true, B, A), ppk(true, A), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            assertThat(lines.sentTo(EnginePair.BOB, "IKE_INTERMEDIATE request")).singleElement().asString()
                    .contains("N(PPK_IDENTITY_KEY) N(PPK_IDENTITY_KEY)");
        }
    }

    @Test
    void optionalPpksWithoutOneInCommonGoOnWithoutAPpk() {
        try (MessageLines lines = new MessageLines(); EnginePair p = new EnginePair(ppk(false, A), ppk(false, B), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, null);
            assertThat(ikeSa(p.alice).quantumSafety().none()).as("x25519 without PPK").isTrue();
            assertThat(lines.sentTo(EnginePair.ALICE, "IKE_INTERMEDIATE response")).singleElement().asString().doesNotContain("PPK_IDENTITY");
        }
    }

    @Test
    void aResponderRequiringAPpkIdTheInitiatorLacksRefusesItInIkeIntermediate() {
        try (EnginePair p = new EnginePair(ppk(false, A), ppk(true, B), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EngineEvent.IkeDown bob = EnginePair.awaitIkeDown(p.bobEvents);
            EngineEvent.IkeDown alice = EnginePair.awaitIkeDown(p.aliceEvents);
            assertThat(bob.failure()).isEqualTo(EngineEvent.Failure.AUTHENTICATION);
            assertThat(bob.reason()).isEqualTo("no PPK in common: the peer offered PPK ppk-a, we have ppk-b (PPK required)");
            assertThat(alice.failure()).isEqualTo(EngineEvent.Failure.AUTHENTICATION);
            assertThat(alice.reason()).startsWith("the peer refused our PPK ppk-a in IKE_INTERMEDIATE with AUTHENTICATION_FAILED");
            assertThat(sent(p, ExchangeType.IKE_AUTH)).as("refused before IKE_AUTH").isZero();
        }
    }

    @Test
    void anInitiatorRequiringAPpkGivesUpWhenTheResponderTakesNone() {
        try (EnginePair p = new EnginePair(ppk(true, A), ppk(false, B), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EngineEvent.IkeDown alice = EnginePair.awaitIkeDown(p.aliceEvents);
            assertThat(alice.failure()).isEqualTo(EngineEvent.Failure.AUTHENTICATION);
            assertThat(alice.reason()).isEqualTo("no PPK in common: the peer took none of ours (ppk-a) in IKE_INTERMEDIATE (PPK required)");
            assertThat(sent(p, ExchangeType.IKE_AUTH)).isZero();
        }
    }

    /**
     * The same id with another secret: the PPK Confirmation shows it in IKE_INTERMEDIATE, so the
     * responder names the PPK instead of failing to decrypt an IKE_AUTH it cannot tell from garbage.
     */
    @Test
    void theSameIdWithAnotherSecretIsFoundOutByItsConfirmation() {
        Key otherSecret = Key.of("ppk-a", secret('x'));
        try (EnginePair p = new EnginePair(ppk(true, A), ppk(true, otherSecret), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            assertThat(EnginePair.awaitIkeDown(p.bobEvents).reason()).isEqualTo(
                    "no PPK in common: the peer offered PPK ppk-a (another secret: its confirmation does not match ours), we have ppk-a (PPK required)");
            assertThat(EnginePair.awaitIkeDown(p.aliceEvents).reason()).contains("the peer refused our PPK ppk-a in IKE_INTERMEDIATE");
            assertThat(sent(p, ExchangeType.IKE_AUTH)).isZero();
        }
        // Optional on both sides: no PPK, and IKE_AUTH works under the keys without one.
        try (EnginePair p = new EnginePair(ppk(false, A), ppk(false, otherSecret), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, null);
        }
    }

    @Test
    void aPeerWithoutRfc9867GetsTheRfc8784Ppk() {
        // Bob keeps to RFC 8784: he answers USE_PPK, and alice mixes the PPK in IKE_AUTH.
        try (MessageLines lines = new MessageLines();
             EnginePair p = new EnginePair(ppk(true, A), ppk(true, A).andThen(IntermediatePpkTest::onlyInIkeAuth)::apply, EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            assertThat(ikeSa(p.alice).ppkUse()).isEqualTo(PpkUse.IKE_AUTH);
            assertThat(notifies(p, ExchangeType.IKE_SA_INIT, true)).contains(NotifyType.USE_PPK).doesNotContain(NotifyType.USE_PPK_INT);
            assertThat(lines.sentTo(EnginePair.BOB, "IKE_AUTH request")).singleElement().asString().contains("N(PPK_IDENTITY)");
            assertThat(sent(p, ExchangeType.IKE_INTERMEDIATE)).isZero();
        }
        // Alice keeps to RFC 8784, bob does not: he answers her USE_PPK alike.
        try (EnginePair p = new EnginePair(ppk(true, A).andThen(IntermediatePpkTest::onlyInIkeAuth)::apply, ppk(true, A),
                EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            assertThat(ikeSa(p.bob).ppkUse()).isEqualTo(PpkUse.IKE_AUTH);
            assertThat(notifies(p, ExchangeType.IKE_SA_INIT, false)).doesNotContain(NotifyType.USE_PPK_INT);
        }
    }

    @Test
    void aResponderWithoutPpksLeavesAnOptionalOneOut() {
        try (EnginePair p = new EnginePair(ppk(false, A), UnaryOperator.identity(), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, null);
            assertThat(notifies(p, ExchangeType.IKE_SA_INIT, true)).doesNotContain(NotifyType.USE_PPK, NotifyType.USE_PPK_INT);
            assertThat(sent(p, ExchangeType.IKE_INTERMEDIATE)).isZero();
        }
    }

    @Test
    void afterTwoAdditionalKeyExchangesThePpkComesWithTheLastAndRekeysKeepIt() {
        String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke2_mlkem1024";
        UnaryOperator<ConnectionConfig> config = c -> EnginePair.with(c, ike, "aes256gcm16").withPpk(new PostQuantumPreSharedKeys(List.of(A), true));
        try (MessageLines lines = new MessageLines(); EnginePair p = new EnginePair(config, config, EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            List<String> requests = lines.sentTo(EnginePair.BOB, "IKE_INTERMEDIATE request").stream().filter(l -> !l.contains("fragment")).toList();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(0)).contains("KE").doesNotContain("PPK_IDENTITY_KEY");
            assertThat(requests.get(1)).contains("KE").contains("N(PPK_IDENTITY_KEY)");
            assertThat(ikeSa(p.alice).quantumSafety()).hasToString("ML_KEM_768+ML_KEM_1024+PPK(ppk-a)");
            IkeSa old = ikeSa(p.alice);
            p.alice.rekeyIke("net");
            EnginePair.await("one new IKE SA on each side", () -> p.alice.ikeSas("net").size() == 1
                    && p.bob.ikeSas("net").size() == 1 && ikeSa(p.alice) != old
                    && ikeSa(p.bob).initiatorSpi() == ikeSa(p.alice).initiatorSpi());
            assertThat(ikeSa(p.alice).keys().skD()).isEqualTo(ikeSa(p.bob).keys().skD());
            assertThat(ikeSa(p.bob).quantumSafety()).hasToString("ML_KEM_768+ML_KEM_1024+PPK(ppk-a)");
        }
    }

    /**
     * Bob answers two connections to alice's address, p0 holding ppk-a and p1 ppk-b, both required. The PPK
     * is agreed in IKE_INTERMEDIATE before IKE_AUTH names the connection, from the PPKs of both; IKE_AUTH
     * then checks that the connection it names holds the PPK agreed on.
     */
    @Test
    void aResponderNotYetKnowingTheConnectionAgreesOnAPpkThatIkeAuthChecks() {
        InMemoryNetwork net = new InMemoryNetwork();
        List<EngineEvent> bobEvents = new CopyOnWriteArrayList<>();
        Random rb = new Random(2);
        Random ra = new Random(1);
        IkeEngine bob = new IkeEngine(net.transport(EnginePair.BOB), new RecordingSaSink(), rb::nextBytes, EngineOptions.DEFAULT);
        bob.addConnection(ppk(true, A).apply(peer("p0", EnginePair.BOB, EnginePair.ALICE, "@bob.example.org", "p0@example.org", 0)));
        bob.addConnection(ppk(true, B).apply(peer("p1", EnginePair.BOB, EnginePair.ALICE, "@bob.example.org", "p1@example.org", 1)));
        bob.onEvent(bobEvents::add);
        IkeEngine alice = new IkeEngine(net.transport(EnginePair.ALICE), new RecordingSaSink(), ra::nextBytes, EngineOptions.DEFAULT);
        alice.addConnection(ppk(true, A).apply(peer("p0", EnginePair.ALICE, EnginePair.BOB, "p0@example.org", "@bob.example.org", 0)));
        // p1 of alice holds ppk-a, which bob's p1 does not.
        alice.addConnection(ppk(true, A).apply(peer("p1", EnginePair.ALICE, EnginePair.BOB, "p1@example.org", "@bob.example.org", 1)));
        bob.start();
        alice.start();
        try (alice; bob; net) {
            alice.initiate("p0");
            EnginePair.await("p0 up with ppk-a", () -> bob.ikeSas("p0").stream().anyMatch(sa -> sa.state() == IkeSa.State.ESTABLISHED
                    && sa.ppkId().equals(Optional.of("ppk-a"))));
            alice.initiate("p1");
            EngineEvent.IkeDown down = EnginePair.awaitIkeDown(bobEvents);
            assertThat(down.connection()).isEqualTo("p1");
            assertThat(down.failure()).isEqualTo(EngineEvent.Failure.AUTHENTICATION);
            assertThat(down.reason()).isEqualTo("PPK ppk-a agreed in IKE_INTERMEDIATE is not one of this connection's (ppk-b)");
        }
    }

    /** Connection {@code name} between {@code local} and {@code remote}, its own subnet 10.1.i.0/24 on alice's side. */
    private static ConnectionConfig peer(String name, InetAddress local, InetAddress remote, String localId, String remoteId, int i) {
        boolean alice = local.equals(EnginePair.ALICE);
        String[] a = {"10.1." + i + ".0", "10.1." + i + ".255"};
        String[] b = {"10.2.0.0", "10.2.255.255"};
        return alice ? EnginePair.config(name, local, remote, localId, remoteId, a[0], a[1], b[0], b[1])
                : EnginePair.config(name, local, remote, localId, remoteId, b[0], b[1], a[0], a[1]);
    }
}
