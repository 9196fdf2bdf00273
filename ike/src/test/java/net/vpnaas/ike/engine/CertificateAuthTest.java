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

    static ConnectionConfig certs(ConnectionConfig c, TestPki.Issued me, TestPki trustedCa) {
        var auth = new Authentication.Certificates(me.privateKey(), List.of(me.certificate()),
                TrustedCas.of(List.of(trustedCa.ca().certificate())), RsaPadding.PSS);
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
}
