package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.vpnaas.ike.auth.RsaPadding;
import net.vpnaas.ike.auth.TrustedCas;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;
import net.vpnaas.ike.message.ExchangeType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** IKE_AUTH with certificates and RFC 7427 signatures between two of our engines. */
class CertificateAuthTest {

    static ConnectionConfig certs(ConnectionConfig c, TestPki.Issued me, TestPki... trustedCas) {
        var auth = new Authentication.Certificates(me.privateKey(), List.of(me.certificate()),
                TrustedCas.of(java.util.Arrays.stream(trustedCas).map(ca -> ca.ca().certificate()).toList()), RsaPadding.PSS);
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), auth, c.ikeProposals(),
                c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), c.retransmit());
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void establishesWithCertificatesOfEveryKeyType(KeyKind kind) {
        TestPki pki = TestPki.create(kind);
        TestPki.Issued alice = pki.issue("alice@example.org", kind);
        TestPki.Issued bob = pki.issue("bob.example.org", kind);
        // HDR, SAi1, KEi, Ni, N(NAT_D) x2, N(SIGNATURE_HASH_ALGORITHMS)  -->
        //                     <--  HDR, SAr1, KEr, Nr, N(NAT_D) x2, N(SIGNATURE_HASH_ALGORITHMS)
        // HDR, SK {IDi, CERT, CERTREQ, N(INITIAL_CONTACT), AUTH(method 14), SAi2, TSi, TSr}  -->
        //                     <--  HDR, SK {IDr, CERT, AUTH(method 14), SAr2, TSi, TSr}
        try (EnginePair p = new EnginePair(c -> certs(c, alice, pki), c -> certs(c, bob, pki), EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            assertThat(p.bob.ikeSas("net").getFirst().remoteIdentity()).isEqualTo("alice@example.org");
            assertThat(p.alice.ikeSas("net").getFirst().peerSignatureHashes()).isNotEmpty();
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki rogue = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued alice = rogue.issue("alice@example.org", KeyKind.ECDSA_P256);
        TestPki.Issued bob = pki.issue("bob.example.org", KeyKind.ECDSA_P256);
        // HDR, SK {IDi, CERT(issued by an unknown CA), AUTH, ...}  -->
        //                     <--  HDR, SK {N(AUTHENTICATION_FAILED)}
        try (EnginePair p = new EnginePair(c -> certs(c, alice, pki), c -> certs(c, bob, pki), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EnginePair.await("both sides give up", () -> p.net.sent().stream()
                    .anyMatch(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH && s.header().response())
                    && p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            assertThat(p.aliceSink.added).isEmpty();
            assertThat(p.bobSink.added).isEmpty();
        }
    }

    @Test
    void aValidCertificateForAnotherIdentityIsRefused() {
        TestPki pki = TestPki.create(KeyKind.ED25519);
        TestPki.Issued mallory = pki.issue("mallory@example.org", KeyKind.ED25519);
        TestPki.Issued bob = pki.issue("bob.example.org", KeyKind.ED25519);
        // Alice's config claims alice@example.org, but the certificate names mallory: bob refuses.
        try (EnginePair p = new EnginePair(c -> certs(c, mallory, pki), c -> certs(c, bob, pki), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EnginePair.await("both sides give up", () -> p.net.sent().stream()
                    .anyMatch(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH && s.header().response())
                    && p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            assertThat(p.bobSink.added).isEmpty();
        }
    }

    /**
     * What a renewed gateway certificate does: nothing to the running SAs, and the next IKE SA
     * authenticates with it. Alice's first certificate is from CA 1, her renewed one from CA 2;
     * Bob, who trusted both, then trusts CA 2 only, so a new IKE SA comes up only if Alice sends her
     * renewed certificate.
     */
    @Test
    void renewedCredentialsServeTheNextIkeSaAndLeaveTheRunningOnesAlone() {
        TestPki ca1 = TestPki.create(KeyKind.ECDSA_P256);
        TestPki ca2 = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued aliceFirst = ca1.issue("alice@example.org", KeyKind.ECDSA_P256);
        TestPki.Issued aliceRenewed = ca2.issue("alice@example.org", KeyKind.ECDSA_P256);
        TestPki.Issued bob = ca1.issue("bob.example.org", KeyKind.ECDSA_P256);
        try (EnginePair p = new EnginePair(c -> certs(c, aliceFirst, ca1), c -> certs(c, bob, ca1, ca2), EngineOptions.DEFAULT)) {
            p.establish();
            var child = p.aliceSink.installed.values().stream().toList();
            long ikeSpi = p.alice.ikeSas("net").getFirst().initiatorSpi();
            int messages = p.net.sent().size();

            p.alice.updateCredentials(certs(EnginePair.aliceConfig(), aliceRenewed, ca1));
            p.bob.updateCredentials(certs(EnginePair.bobConfig(), bob, ca2));
            // HDR, SK {SA(IKE), Ni, KEi}  -->  <--  HDR, SK {SA(IKE), Nr, KEr}: an IKE SA rekey carries no AUTH
            p.bob.rekeyIke("net");
            EnginePair.await("IKE SA rekeyed", () -> p.alice.ikeSas("net").size() == 1
                    && p.alice.ikeSas("net").getFirst().initiatorSpi() != ikeSpi);
            assertThat(p.net.sent().stream().skip(messages)).as("nothing but the rekey and the old IKE SA's Delete")
                    .allMatch(m -> m.header().exchangeType() == ExchangeType.CREATE_CHILD_SA
                            || m.header().exchangeType() == ExchangeType.INFORMATIONAL);
            assertThat(p.aliceSink.installed.values()).as("the Child SA stays").containsExactlyElementsOf(child);

            // HDR, SK {IDi, CERT(renewed, CA 2), AUTH, SAi2, TSi, TSr}  -->  <--  HDR, SK {IDr, CERT, AUTH, SAr2, TSi, TSr}
            p.alice.initiate("net");
            EnginePair.await("a second IKE SA, authenticated with the renewed certificate",
                    () -> p.alice.ikeSas("net").size() == 2 && p.bob.ikeSas("net").size() == 2
                            && p.alice.ikeSas("net").stream().allMatch(sa -> sa.state() == net.vpnaas.ike.sa.IkeSa.State.ESTABLISHED));

            // Bob's new credentials hold when he responds: the first certificate (CA 1) is refused now.
            List<EngineEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            p.alice.onEvent(events::add);
            p.alice.updateCredentials(certs(EnginePair.aliceConfig(), aliceFirst, ca1));
            p.alice.initiate("net");
            EnginePair.await("the first certificate refused", () -> events.stream().anyMatch(e -> e instanceof EngineEvent.NegotiationFailed));
            // Bob answered AUTHENTICATION_FAILED before he dropped the refused IKE SA: wait for the drop.
            EnginePair.await("Bob keeps only the two IKE SAs with valid certificates", () -> p.bob.ikeSas("net").size() == 2
                    && p.bob.ikeSas("net").stream().allMatch(sa -> sa.state() == net.vpnaas.ike.sa.IkeSa.State.ESTABLISHED));
        }
    }
}
