package net.vpnaas.ike.auth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds keys and certificates for the tests with Bouncy Castle's certificate builder and JDK keys. */
final class TestPki {
    /** Every test validates at this instant, so certificates never expire under the tests' feet. */
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2027-01-01T00:00:00Z");

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private TestPki() {
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A self-signed root CA valid from NOT_BEFORE to NOT_AFTER. */
    static X509Certificate root(String dn, KeyPair key) {
        return build(new X500Principal(dn), key.getPrivate(), dn, key.getPublic(), true, NOT_BEFORE, NOT_AFTER, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    static X509Certificate intermediate(X509Certificate issuer, PrivateKey issuerKey, String dn, PublicKey key) {
        return build(issuer.getSubjectX500Principal(), issuerKey, dn, key, true, NOT_BEFORE, NOT_AFTER, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    static X509Certificate endEntity(X509Certificate issuer, PrivateKey issuerKey, String dn, PublicKey key, GeneralName... altNames) {
        return endEntity(issuer, issuerKey, dn, key, NOT_BEFORE, NOT_AFTER, altNames);
    }

    static X509Certificate endEntity(X509Certificate issuer, PrivateKey issuerKey, String dn, PublicKey key,
                                     Instant notBefore, Instant notAfter, GeneralName... altNames) {
        return build(issuer.getSubjectX500Principal(), issuerKey, dn, key, false, notBefore, notAfter, KeyUsage.digitalSignature, altNames);
    }

    static X509Certificate build(X500Principal issuer, PrivateKey issuerKey, String subjectDn, PublicKey subjectKey,
                                 boolean ca, Instant notBefore, Instant notAfter, int keyUsage, GeneralName... altNames) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    new X500Principal(subjectDn), subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            if (altNames.length > 0) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(signatureAlgorithm(issuerKey)).build(issuerKey)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key) {
            case ECKey ec when ec.getParams().getOrder().bitLength() > 256 -> "SHA384withECDSA";
            case ECKey ignored -> "SHA256withECDSA";
            case java.security.interfaces.RSAKey ignored -> "SHA256withRSA";
            default -> "Ed25519";
        };
    }

    static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    static GeneralName email(String address) {
        return new GeneralName(GeneralName.rfc822Name, address);
    }

    static GeneralName ip(String literal) {
        return new GeneralName(GeneralName.iPAddress, literal);
    }

    /** PEM armour written by hand, so the PEM reader is tested against something it did not produce. */
    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
