package net.vpnaas.api.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA's P-256 key pair and self-signed certificate, and the end-entity certificates it signs: what
 * the agent CA and the tenants' IKE CAs have in common. Serial numbers are 127 random bits.
 */
public record IssuingCa(KeyPair keys, X509Certificate certificate) {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new CA with a fresh P-256 key, valid from {@code notBefore} to {@code notAfter}, that signs end entities only. */
    public static IssuingCa create(X500Name subject, Instant notBefore, Instant notAfter) throws GeneralSecurityException {
        KeyPair keys = newP256KeyPair();
        try {
            var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return new IssuingCa(keys, sign(builder, keys));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A CA as stored: its certificate (DER) and its private key (PKCS#8, decrypted). */
    public static IssuingCa load(byte[] certificateDer, byte[] privateKeyPkcs8) throws GeneralSecurityException {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificateDer));
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(privateKeyPkcs8));
        return new IssuingCa(new KeyPair(cert.getPublicKey(), key), cert);
    }

    public static KeyPair newP256KeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    /** The private key as PKCS#8 DER, for storing it encrypted. */
    public byte[] privateKeyPkcs8() {
        return keys.getPrivate().getEncoded();
    }

    /**
     * An end-entity certificate for {@code key}: digitalSignature only, the given extended key
     * usages, and {@code names} as its subjectAltName (where peers look for the identity).
     */
    public X509Certificate issue(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter, GeneralNames names,
                                 KeyPurposeId... purposes) throws GeneralSecurityException {
        try {
            var builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore), Date.from(notAfter), subject, key);
            var ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            builder.addExtension(Extension.subjectAlternativeName, false, names);
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            return sign(builder, keys);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    @Override
    public String toString() {
        return "IssuingCa[" + certificate.getSubjectX500Principal() + "]";
    }
}
