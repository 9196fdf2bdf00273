package net.vpnaas.ike.auth;

import static net.vpnaas.ike.auth.TestPki.NOW;
import static net.vpnaas.ike.auth.TestPki.dns;
import static net.vpnaas.ike.auth.TestPki.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class CertificateValidatorTest {
    private static final String ROOT_DN = "CN=Test Root CA,O=VPNaaS Test";
    private static final String INTERMEDIATE_DN = "CN=Test Intermediate CA,O=VPNaaS Test";
    private static final String PEER_DN = "CN=gw1.example.net,O=Example";

    private static final KeyPair ROOT_KEY = TestPki.ec("secp384r1");
    private static final X509Certificate ROOT = TestPki.root(ROOT_DN, ROOT_KEY);
    private static final KeyPair INTERMEDIATE_KEY = TestPki.ec("secp256r1");
    private static final X509Certificate INTERMEDIATE = TestPki.intermediate(ROOT, ROOT_KEY.getPrivate(), INTERMEDIATE_DN, INTERMEDIATE_KEY.getPublic());
    private static final KeyPair PEER_KEY = TestPki.ec("secp256r1");
    private static final X509Certificate PEER = TestPki.endEntity(INTERMEDIATE, INTERMEDIATE_KEY.getPrivate(), PEER_DN, PEER_KEY.getPublic(),
            dns("gw1.example.net"), ip("192.0.2.1"));

    private static final KeyPair RSA_ROOT_KEY = TestKeys.RSA;
    private static final X509Certificate RSA_ROOT = TestPki.root("CN=RSA Root", RSA_ROOT_KEY);
    private static final KeyPair RSA_PEER_KEY = TestKeys.RSA_OTHER;
    private static final X509Certificate RSA_PEER = TestPki.endEntity(RSA_ROOT, RSA_ROOT_KEY.getPrivate(), "CN=rsa-peer", RSA_PEER_KEY.getPublic(), dns("rsa.example.net"));

    private static final KeyPair ED_ROOT_KEY = TestPki.ed25519();
    private static final X509Certificate ED_ROOT = TestPki.root("CN=Ed25519 Root", ED_ROOT_KEY);
    private static final KeyPair ED_PEER_KEY = TestPki.ed25519();
    private static final X509Certificate ED_PEER = TestPki.endEntity(ED_ROOT, ED_ROOT_KEY.getPrivate(), "CN=ed-peer", ED_PEER_KEY.getPublic(), dns("ed.example.net"));

    private static final TrustedCas TRUSTED = TrustedCas.of(List.of(ROOT, RSA_ROOT, ED_ROOT));

    @Test
    void aGoodChainIsValid() {
        ValidationResult result = CertificateValidator.validate(List.of(PEER, INTERMEDIATE), TRUSTED, NOW);

        assertThat(result).isEqualTo(new ValidationResult.Valid(List.of(PEER, INTERMEDIATE), ROOT));
        assertThat(((ValidationResult.Valid) result).endEntity()).isEqualTo(PEER);
    }

    @Test
    void intermediatesMayComeInAnyOrderAndTheRootMayBeSent() {
        assertThat(CertificateValidator.validate(List.of(PEER, ROOT, INTERMEDIATE), TRUSTED, NOW))
                .isEqualTo(new ValidationResult.Valid(List.of(PEER, INTERMEDIATE), ROOT));
    }

    @Test
    void aTrustedIntermediateNeedsNoRoot() {
        assertThat(CertificateValidator.validate(List.of(PEER), TrustedCas.of(List.of(INTERMEDIATE)), NOW))
                .isEqualTo(new ValidationResult.Valid(List.of(PEER), INTERMEDIATE));
    }

    @Test
    void rsaAndEd25519ChainsAreValid() {
        assertThat(CertificateValidator.validate(List.of(RSA_PEER), TRUSTED, NOW)).isEqualTo(new ValidationResult.Valid(List.of(RSA_PEER), RSA_ROOT));
        assertThat(CertificateValidator.validate(List.of(ED_PEER), TRUSTED, NOW)).isEqualTo(new ValidationResult.Valid(List.of(ED_PEER), ED_ROOT));
    }

    @Test
    void anExpiredCertificateIsExpired() {
        Instant ended = Instant.parse("2026-03-01T00:00:00Z");
        X509Certificate expired = TestPki.endEntity(INTERMEDIATE, INTERMEDIATE_KEY.getPrivate(), PEER_DN, PEER_KEY.getPublic(),
                TestPki.NOT_BEFORE, ended, dns("gw1.example.net"));

        assertThat(CertificateValidator.validate(List.of(expired, INTERMEDIATE), TRUSTED, NOW))
                .isEqualTo(new ValidationResult.Expired(PEER_DN, ended));
    }

    @Test
    void aCertificateNotYetValidIsNotYetValid() {
        Instant starts = Instant.parse("2026-09-01T00:00:00Z");
        X509Certificate future = TestPki.endEntity(INTERMEDIATE, INTERMEDIATE_KEY.getPrivate(), PEER_DN, PEER_KEY.getPublic(),
                starts, TestPki.NOT_AFTER, dns("gw1.example.net"));

        assertThat(CertificateValidator.validate(List.of(future, INTERMEDIATE), TRUSTED, NOW))
                .isEqualTo(new ValidationResult.NotYetValid(PEER_DN, starts));
    }

    @Test
    void anExpiredTrustedCaIsExpired() {
        Instant ended = Instant.parse("2026-05-01T00:00:00Z");
        KeyPair key = TestPki.ec("secp256r1");
        X509Certificate oldRoot = TestPki.build(new X500Principal("CN=Old Root"), key.getPrivate(), "CN=Old Root", key.getPublic(), true,
                TestPki.NOT_BEFORE, ended, KeyUsage.keyCertSign);
        X509Certificate peer = TestPki.endEntity(oldRoot, key.getPrivate(), "CN=peer", PEER_KEY.getPublic());

        assertThat(CertificateValidator.validate(List.of(peer), TrustedCas.of(List.of(oldRoot)), NOW))
                .isEqualTo(new ValidationResult.Expired("CN=Old Root", ended));
    }

    @Test
    void aCertificateFromAnUnknownCaHasAnUnknownIssuerOrAnUntrustedRoot() {
        KeyPair rogueKey = TestPki.ec("secp256r1");
        X509Certificate rogueRoot = TestPki.root("CN=Rogue Root", rogueKey);
        X509Certificate roguePeer = TestPki.endEntity(rogueRoot, rogueKey.getPrivate(), PEER_DN, PEER_KEY.getPublic(), dns("gw1.example.net"));

        assertThat(CertificateValidator.validate(List.of(roguePeer), TRUSTED, NOW))
                .isEqualTo(new ValidationResult.UnknownIssuer(PEER_DN, "CN=Rogue Root"));
        assertThat(CertificateValidator.validate(List.of(roguePeer, rogueRoot), TRUSTED, NOW))
                .isEqualTo(new ValidationResult.UntrustedRoot("CN=Rogue Root"));
        assertThat(CertificateValidator.validate(List.of(rogueRoot), TRUSTED, NOW))
                .isEqualTo(new ValidationResult.UntrustedRoot("CN=Rogue Root"));
    }

    @Test
    void aCaImpersonatingTheTrustedNameIsRejected() {
        KeyPair impostorKey = TestPki.ec("secp384r1");
        X509Certificate impostor = TestPki.root(ROOT_DN, impostorKey);
        X509Certificate peer = TestPki.endEntity(impostor, impostorKey.getPrivate(), PEER_DN, PEER_KEY.getPublic(), dns("gw1.example.net"));

        assertThat(CertificateValidator.validate(List.of(peer), TRUSTED, NOW)).isEqualTo(new ValidationResult.Rejected(PEER_DN,
                "signature does not verify with the key of trusted CA " + ROOT.getSubjectX500Principal().getName()));
    }

    @Test
    void aMissingIntermediateIsAnUnknownIssuerNamingIt() {
        assertThat(CertificateValidator.validate(List.of(PEER), TRUSTED, NOW))
                .isEqualTo(new ValidationResult.UnknownIssuer(PEER_DN, INTERMEDIATE_DN));
    }

    @Test
    void aCertificateIssuedByANonCaIsRejected() {
        KeyPair key = TestPki.ec("secp256r1");
        X509Certificate issuedByPeer = TestPki.endEntity(PEER, PEER_KEY.getPrivate(), "CN=sub", key.getPublic());
        // Even with keyCertSign in its key usage, a certificate without basicConstraints cA=TRUE issues nothing.
        X509Certificate signingPeer = TestPki.build(INTERMEDIATE.getSubjectX500Principal(), INTERMEDIATE_KEY.getPrivate(), PEER_DN,
                PEER_KEY.getPublic(), false, TestPki.NOT_BEFORE, TestPki.NOT_AFTER, KeyUsage.digitalSignature | KeyUsage.keyCertSign);

        ValidationResult withoutCertSign = CertificateValidator.validate(List.of(issuedByPeer, PEER, INTERMEDIATE), TRUSTED, NOW);
        ValidationResult withCertSign = CertificateValidator.validate(List.of(issuedByPeer, signingPeer, INTERMEDIATE), TRUSTED, NOW);

        assertThat(withoutCertSign).isEqualTo(new ValidationResult.Rejected(PEER_DN,
                "INVALID_KEY_USAGE: CA key usage check failed: keyCertSign bit is not set"));
        assertThat(withCertSign).isInstanceOf(ValidationResult.Rejected.class);
        assertThat(((ValidationResult.Rejected) withCertSign).subject()).isEqualTo(PEER_DN);
        assertThat(((ValidationResult.Rejected) withCertSign).reason()).startsWith("NOT_CA_CERT");
    }

    @Test
    void anEndEntityWhoseKeyUsageForbidsSignaturesIsRejected() {
        X509Certificate encipherOnly = TestPki.build(INTERMEDIATE.getSubjectX500Principal(), INTERMEDIATE_KEY.getPrivate(), PEER_DN,
                PEER_KEY.getPublic(), false, TestPki.NOT_BEFORE, TestPki.NOT_AFTER, KeyUsage.keyAgreement);

        assertThat(CertificateValidator.validate(List.of(encipherOnly, INTERMEDIATE), TRUSTED, NOW))
                .isEqualTo(new ValidationResult.Rejected(PEER_DN, "key usage allows neither digitalSignature nor nonRepudiation"));
    }

    @Test
    void noCertificateAndOverlongChainsAreRejected() {
        assertThat(CertificateValidator.validate(List.of(), TRUSTED, NOW)).isInstanceOf(ValidationResult.Rejected.class);

        List<X509Certificate> chain = new ArrayList<>();
        X509Certificate issuer = ROOT;
        KeyPair issuerKey = ROOT_KEY;
        for (int i = 0; i < CertificateValidator.MAX_PATH_LENGTH + 1; i++) {
            KeyPair key = TestPki.ec("secp256r1");
            issuer = TestPki.intermediate(issuer, issuerKey.getPrivate(), "CN=CA " + i, key.getPublic());
            issuerKey = key;
            chain.addFirst(issuer);
        }
        chain.addFirst(TestPki.endEntity(issuer, issuerKey.getPrivate(), PEER_DN, PEER_KEY.getPublic()));

        assertThat(CertificateValidator.validate(chain, TRUSTED, NOW))
                .isEqualTo(new ValidationResult.Rejected(PEER_DN, "chain longer than " + CertificateValidator.MAX_PATH_LENGTH));
    }

    /** The whole check the IKE_AUTH task makes, for a peer whose certificate is fine but claims another name. */
    @Test
    void aValidChainForAnotherIdentityFailsTheIdentityCheck() {
        ValidationResult chain = CertificateValidator.validate(List.of(PEER, INTERMEDIATE), TRUSTED, NOW);
        IkeIdentity claimed = IkeIdentity.fqdn("gw2.example.net");

        assertThat(chain.valid()).isTrue();
        assertThat(IdentityMatcher.check(claimed, claimed, PEER))
                .isEqualTo(new IdentityResult.NotInCertificate(claimed, PEER_DN));
        assertThat(IdentityMatcher.check(IkeIdentity.fqdn("gw1.example.net"), IkeIdentity.fqdn("gw1.example.net"), PEER).matched()).isTrue();
    }
}
