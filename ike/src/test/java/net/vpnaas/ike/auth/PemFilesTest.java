package net.vpnaas.ike.auth;

import static net.vpnaas.ike.auth.TestPki.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;

import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

class PemFilesTest {
    private static final KeyPair EC = TestKeys.P256;
    private static final KeyPair RSA = TestKeys.RSA;
    private static final KeyPair ED = TestKeys.ED;
    private static final X509Certificate EC_CERT = TestPki.root("CN=EC CA", EC);
    private static final X509Certificate RSA_CERT = TestPki.root("CN=RSA CA", RSA);
    private static final X509Certificate ED_CERT = TestPki.root("CN=Ed25519 CA", ED);
    private static final byte[] OCTETS = "signed octets".getBytes();

    private static String certPem(X509Certificate c) throws Exception {
        return pem("CERTIFICATE", c.getEncoded());
    }

    @Test
    void aBundleYieldsEveryCertificateInOrderIgnoringText() throws Exception {
        String bundle = "# our CAs\n" + certPem(EC_CERT) + "\nsome comment between blocks\n" + certPem(RSA_CERT) + certPem(ED_CERT);

        assertThat(PemFiles.certificates(bundle)).containsExactly(EC_CERT, RSA_CERT, ED_CERT);
        assertThat(TrustedCas.fromPem(bundle).certificates()).containsExactly(EC_CERT, RSA_CERT, ED_CERT);
    }

    /** A key read from PEM must sign so that the matching certificate verifies: the strongest equality there is. */
    private static void assertSignsFor(PrivateKey key, X509Certificate cert, SignatureScheme scheme) throws Exception {
        AuthData auth = SignatureAuthenticator.sign(key, scheme, OCTETS);
        assertThat(SignatureAuthenticator.verify(cert, auth, OCTETS)).isEqualTo(new VerifyResult.Verified(scheme));
    }

    @Test
    void pkcs8KeysOfEveryTypeAreRead() throws Exception {
        PrivateKey ec = PemFiles.privateKey(pem("PRIVATE KEY", EC.getPrivate().getEncoded()));
        PrivateKey rsa = PemFiles.privateKey(pem("PRIVATE KEY", RSA.getPrivate().getEncoded()));
        PrivateKey ed = PemFiles.privateKey(pem("PRIVATE KEY", ED.getPrivate().getEncoded()));

        assertSignsFor(ec, EC_CERT, SignatureScheme.ECDSA_SHA256);
        assertSignsFor(rsa, RSA_CERT, SignatureScheme.RSA_PSS_SHA256);
        assertSignsFor(ed, ED_CERT, SignatureScheme.ED25519);
        assertThat(ed.getClass().getName()).startsWith("org.bouncycastle."); // the fast signer's own key class
        assertThat(ed.getEncoded()).isEqualTo(ED.getPrivate().getEncoded());
    }

    @Test
    void sec1EcKeysAreReadWithOrWithoutTheirParametersBlock() throws Exception {
        // As OpenSSL writes it: the curve inside the key ([0] parameters), which PKCS#8 keeps outside.
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(EC.getPrivate().getEncoded());
        byte[] sec1Der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((java.security.interfaces.ECPrivateKey) EC.getPrivate()).getS(),
                info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        String sec1 = pem("EC PRIVATE KEY", sec1Der);
        String parameters = pem("EC PARAMETERS", info.getPrivateKeyAlgorithm().getParameters().toASN1Primitive().getEncoded());

        assertSignsFor(PemFiles.privateKey(sec1), EC_CERT, SignatureScheme.ECDSA_P256_METHOD_9);
        assertSignsFor(PemFiles.privateKey(parameters + sec1), EC_CERT, SignatureScheme.ECDSA_SHA256);
    }

    @Test
    void traditionalRsaKeysAreRead() throws Exception {
        byte[] pkcs1 = PrivateKeyInfo.getInstance(RSA.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();

        PrivateKey key = PemFiles.privateKey(pem("RSA PRIVATE KEY", pkcs1));

        assertThat(((RSAPrivateCrtKey) key).getPrivateExponent()).isEqualTo(((RSAPrivateCrtKey) RSA.getPrivate()).getPrivateExponent());
        assertSignsFor(key, RSA_CERT, SignatureScheme.RSA_SHA1_METHOD_1);
    }

    @Test
    void unusableTextIsAPemFormatExceptionWithAReason() throws Exception {
        String encrypted = pem("ENCRYPTED PRIVATE KEY",
                new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2), new byte[32]).getEncoded());
        String key = pem("PRIVATE KEY", EC.getPrivate().getEncoded());

        record Case(String pem, String message) {
        }
        for (Case c : List.of(
                new Case("", "no certificate found"),
                new Case("-----BEGIN CERTIFICATE-----\n!!!! not base64 ****\n-----END CERTIFICATE-----\n", "not valid PEM"),
                new Case(pem("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}), "not valid PEM"),
                new Case(key, "expected only certificates, found a private key"),
                new Case("-----BEGIN CERTIFICATE-----\nMIIB\n", "not valid PEM"))) {
            assertThatThrownBy(() -> PemFiles.certificates(c.pem)).as(c.pem).isInstanceOf(PemFormatException.class).hasMessageContaining(c.message);
        }
        for (Case c : List.of(
                new Case("", "no private key found"),
                new Case(encrypted, "encrypted private keys are not supported"),
                new Case(key + key, "more than one private key"),
                new Case(certPem(EC_CERT), "expected a private key, found a certificate"),
                new Case(pem("PRIVATE KEY", new byte[] {0x30, 0x00}), "not valid PEM"))) {
            assertThatThrownBy(() -> PemFiles.privateKey(c.pem)).as(c.pem).isInstanceOf(PemFormatException.class).hasMessageContaining(c.message);
        }
    }
}
