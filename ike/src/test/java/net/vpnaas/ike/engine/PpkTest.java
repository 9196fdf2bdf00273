package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys.Key;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.sa.IkeSa;
import org.junit.jupiter.api.Test;

/**
 * Post-quantum preshared keys in IKE_AUTH (RFC 8784) between two of our engines, alice initiating; both
 * keep to RFC 8784 here (RFC 9867 is {@link IntermediatePpkTest}).
 */
class PpkTest {
    private static final Key A = Key.of("ppk-a", secret('a'));
    private static final Key B = Key.of("ppk-b", secret('b'));

    private static byte[] secret(char c) {
        byte[] s = new byte[48];
        Arrays.fill(s, (byte) c);
        return s;
    }

    private static UnaryOperator<ConnectionConfig> ppk(boolean required, Key... keys) {
        return c -> c.withPpk(new PostQuantumPreSharedKeys(List.of(keys), required, false));
    }

    private static List<NotifyType> initNotifies(EnginePair p, boolean response) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_SA_INIT && s.header().response() == response)
                .flatMap(s -> {
                    try {
                        return IkeMessage.decode(s.datagram().data().clone()).payloads(NotifyPayload.class).stream().map(NotifyPayload::notifyType);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }

    private static IkeSa ikeSa(IkeEngine e) {
        return e.ikeSas("net").getFirst();
    }

    /** Both sides hold the same keys and report the same PPK, or both none. */
    private static void assertPpk(EnginePair p, String id) {
        assertThat(ikeSa(p.alice).ppkId()).isEqualTo(Optional.ofNullable(id));
        assertThat(ikeSa(p.bob).ppkId()).isEqualTo(Optional.ofNullable(id));
        assertThat(ikeSa(p.alice).keys().skD()).isEqualTo(ikeSa(p.bob).keys().skD());
        p.assertMirrored();
    }

    @Test
    void requiredPpkOnBothSides() {
        // HDR, SAi1, KEi, Ni, N(USE_PPK)  -->   <--  HDR, SAr1, KEr, Nr, N(USE_PPK)
        // HDR, SK {IDi, AUTH(SK_pi with PPK), N(PPK_IDENTITY), SA, TSi, TSr}  -->   (no NO_PPK_AUTH: required)
        //                 <--  HDR, SK {IDr, AUTH(SK_pr with PPK), N(PPK_IDENTITY), SA, TSi, TSr}
        try (MessageLines lines = new MessageLines(); EnginePair p = new EnginePair(ppk(true, A), ppk(true, A), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            assertThat(initNotifies(p, false)).contains(NotifyType.USE_PPK);
            assertThat(initNotifies(p, true)).contains(NotifyType.USE_PPK);
            assertThat(lines.sentTo(EnginePair.BOB, "IKE_AUTH request")).singleElement().asString()
                    .contains("N(PPK_IDENTITY)").doesNotContain("NO_PPK_AUTH");
            assertThat(lines.sentTo(EnginePair.ALICE, "IKE_AUTH response")).singleElement().asString().contains("N(PPK_IDENTITY)");
            // Each side reports the IKE SA with its quantum safety before the Child SA IKE_AUTH set up (the agent
            // takes IkeUp only while the tunnel has no Child SA, so the other order would lose it).
            for (List<EngineEvent> events : List.of(p.aliceEvents, p.bobEvents)) {
                assertThat(events).filteredOn(e -> e instanceof EngineEvent.IkeUp || e instanceof EngineEvent.ChildUp).first()
                        .isInstanceOfSatisfying(EngineEvent.IkeUp.class, up -> assertThat(up.quantumSafety()).hasToString("PPK(ppk-a)"));
            }
        }
    }

    @Test
    void theResponderPicksThePpkItKnowsAmongSeveral() {
        try (EnginePair p = new EnginePair(ppk(true, B), ppk(true, A, B), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-b");
        }
    }

    @Test
    void optionalPpkUsedWhenBothHaveIt() {
        try (MessageLines lines = new MessageLines(); EnginePair p = new EnginePair(ppk(false, A), ppk(false, A), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            assertThat(lines.sentTo(EnginePair.BOB, "IKE_AUTH request")).singleElement().asString()
                    .contains("N(PPK_IDENTITY) N(NO_PPK_AUTH)");
        }
    }

    @Test
    void optionalPpkTheResponderLacksFallsBackToNoPpkAuth() {
        try (MessageLines lines = new MessageLines(); EnginePair p = new EnginePair(ppk(false, A), ppk(false, B), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, null);
            assertThat(ikeSa(p.alice).quantumSafety().none()).as("x25519 without PPK").isTrue();
            assertThat(lines.sentTo(EnginePair.ALICE, "IKE_AUTH response")).singleElement().asString().doesNotContain("PPK_IDENTITY");
        }
    }

    @Test
    void optionalPpkWithAResponderWithoutPpkSupport() {
        try (EnginePair p = new EnginePair(ppk(false, A), UnaryOperator.identity(), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, null);
            assertThat(initNotifies(p, false)).contains(NotifyType.USE_PPK);
            assertThat(initNotifies(p, true)).doesNotContain(NotifyType.USE_PPK);
        }
    }

    @Test
    void aResponderWithAnOptionalPpkAcceptsAnInitiatorWithout() {
        try (EnginePair p = new EnginePair(UnaryOperator.identity(), ppk(false, A), EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, null);
            assertThat(initNotifies(p, true)).doesNotContain(NotifyType.USE_PPK);
        }
    }

    @Test
    void aPpkIdTheResponderLacksIsAuthenticationFailedWhenItRequiresOne() {
        try (MessageLines reasons = new MessageLines("net.vpnaas.ike");
             EnginePair p = new EnginePair(ppk(false, A), ppk(true, B), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EnginePair.await("alice gives up", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            assertThat(reasons.all()).anySatisfy(l -> assertThat(l).contains("the peer named PPK ppk-a").contains("PPK required"));
            assertThat(p.aliceSink.installed).isEmpty();
            // What the tunnel's status says on each side: AUTHENTICATION_FAILED, with the PPK named.
            assertThat(EnginePair.awaitIkeDown(p.bobEvents)).satisfies(down -> {
                assertThat(down.failure()).isEqualTo(EngineEvent.Failure.AUTHENTICATION);
                assertThat(down.reason()).isEqualTo("no PPK in common: the peer named PPK ppk-a, we have ppk-b (PPK required)");
            });
            assertThat(EnginePair.awaitIkeDown(p.aliceEvents)).satisfies(down -> {
                assertThat(down.failure()).isEqualTo(EngineEvent.Failure.AUTHENTICATION);
                assertThat(down.reason()).startsWith("the peer refused our authentication; we offered PPK ppk-a");
            });
        }
    }

    @Test
    void theSameIdWithAnotherSecretIsAuthenticationFailedNamingThePpk() {
        Key otherSecret = Key.of("ppk-a", secret('x'));
        try (MessageLines reasons = new MessageLines("net.vpnaas.ike");
             EnginePair p = new EnginePair(ppk(false, A), ppk(false, otherSecret), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EnginePair.await("both give up", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            // A known PPK that does not verify is no reason to fall back to NO_PPK_AUTH.
            assertThat(reasons.all()).anySatisfy(l -> assertThat(l).contains("does not verify with the PSK with PPK ppk-a"));
            assertThat(p.aliceSink.installed).isEmpty();
            assertThat(EnginePair.awaitIkeDown(p.bobEvents).reason()).contains("with PPK ppk-a");
        }
    }

    @Test
    void aRequiredPpkTheResponderDoesNotSupportEndsTheInitiatorAfterIkeSaInit() {
        try (MessageLines reasons = new MessageLines("net.vpnaas.ike");
             EnginePair p = new EnginePair(ppk(true, A), UnaryOperator.identity(), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EnginePair.await("alice gives up", () -> p.alice.ikeSas("net").isEmpty());
            assertThat(reasons.all()).anySatisfy(l -> assertThat(l).contains("PPK required, but the peer did not answer USE_PPK"));
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH)).isEmpty();
            // No notify said so, yet the tunnel's status is AUTHENTICATION_FAILED for the missing PPK.
            assertThat(EnginePair.awaitIkeDown(p.aliceEvents)).satisfies(down -> {
                assertThat(down.failure()).isEqualTo(EngineEvent.Failure.AUTHENTICATION);
                assertThat(down.reason()).contains("PPK required, but the peer did not answer USE_PPK");
            });
        }
    }

    @Test
    void aResponderRequiringAPpkRefusesAnInitiatorWithout() {
        try (MessageLines reasons = new MessageLines("net.vpnaas.ike");
             EnginePair p = new EnginePair(UnaryOperator.identity(), ppk(true, A), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EnginePair.await("both give up", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            assertThat(reasons.all()).anySatisfy(l -> assertThat(l).contains("PPK required, but the peer did not announce USE_PPK"));
            assertThat(p.bobSink.installed).isEmpty();
        }
    }

    @Test
    void ppkAfterTwoAdditionalKeyExchangesThenRekeys() {
        String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke2_mlkem1024";
        UnaryOperator<ConnectionConfig> config = c -> EnginePair.with(c, ike, "aes256gcm16")
                .withPpk(new PostQuantumPreSharedKeys(List.of(A), true, false));
        try (EnginePair p = new EnginePair(config, config, EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
            assertThat(ikeSa(p.alice).algorithms().additional()).hasSize(2);
            assertThat(ikeSa(p.alice).quantumSafety()).hasToString("ML_KEM_768+ML_KEM_1024+PPK(ppk-a)");
            assertThat(p.bob.saViews("net", java.time.Duration.ofSeconds(5))).singleElement().satisfies(v -> assertThat(v.quantumSafety()).isEqualTo(ikeSa(p.alice).quantumSafety()));
            IkeSa old = ikeSa(p.alice);
            p.alice.rekeyIke("net");
            EnginePair.await("one new IKE SA on each side", () -> p.alice.ikeSas("net").size() == 1
                    && p.bob.ikeSas("net").size() == 1 && ikeSa(p.alice) != old
                    && ikeSa(p.bob).initiatorSpi() == ikeSa(p.alice).initiatorSpi());
            // The rekeyed IKE SA derives from the PPK's SK_d (RFC 8784 section 3); the PPK itself is not used again.
            // The rekey runs both additional key exchanges again, in IKE_FOLLOWUP_KE (RFC 9370 2.2.4).
            assertThat(ikeSa(p.alice).keys().skD()).isEqualTo(ikeSa(p.bob).keys().skD());
            assertThat(ikeSa(p.alice).algorithms().additional()).hasToString("[ADDKE1=ML_KEM_768, ADDKE2=ML_KEM_1024]");
            assertThat(ikeSa(p.alice).quantumSafety()).hasToString("ML_KEM_768+ML_KEM_1024+PPK(ppk-a)");
            assertThat(ikeSa(p.bob).quantumSafety()).hasToString("ML_KEM_768+ML_KEM_1024+PPK(ppk-a)");
            p.alice.rekeyChildren("net");
            EnginePair.await("child rekeyed over the new IKE SA", () -> p.bobSink.deleted.size() == 1);
            p.awaitChildren(1);
            p.assertMirrored();
        }
    }

    @Test
    void certificatesWithAPpkAndWithTheNoPpkAuthFallback() {
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued alice = pki.issue("alice@example.org", KeyKind.ECDSA_P256);
        TestPki.Issued bob = pki.issue("bob.example.org", KeyKind.ECDSA_P256);
        UnaryOperator<ConnectionConfig> aliceConfig = c -> CertificateAuthTest.certs(c, alice, pki).withPpk(new PostQuantumPreSharedKeys(List.of(A), false, false));
        try (EnginePair p = new EnginePair(aliceConfig, c -> CertificateAuthTest.certs(c, bob, pki).withPpk(new PostQuantumPreSharedKeys(List.of(A), true, false)),
                EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, "ppk-a");
        }
        // bob has another PPK, alice's is optional: bob checks the signature in NO_PPK_AUTH.
        try (EnginePair p = new EnginePair(aliceConfig, c -> CertificateAuthTest.certs(c, bob, pki).withPpk(new PostQuantumPreSharedKeys(List.of(B), false, false)),
                EngineOptions.DEFAULT)) {
            p.establish();
            assertPpk(p, null);
        }
    }
}
