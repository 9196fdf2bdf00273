package net.vpnaas.agent.qkd.standin;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificates for a stand-in KME pair: one CA (P-256, valid a week), server certificates
 * for the KMEs (names {@code localhost}, 127.0.0.1 and ::1) and client certificates whose common name is
 * an SAE ID. Written as PEM files, keys mode 0600. Never for production: nothing protects the CA key.
 */
final class ThrowawayPki {
    private static final Duration VALIDITY = Duration.ofDays(7);
    private final SecureRandom random = new SecureRandom();
    private final KeyPair caKeys;
    private final X509Certificate ca;

    ThrowawayPki(String caName) throws GeneralSecurityException {
        caKeys = keyPair();
        ca = sign(new X500Principal("CN=" + caName), caKeys, true, null);
    }

    /** {@code dir/name.pem} and {@code dir/name.key} for a KME server named {@code localhost} and the loopback addresses. */
    void writeServer(Path dir, String name) throws GeneralSecurityException, IOException {
        KeyPair keys = keyPair();
        GeneralNames names = new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")});
        write(dir, name, sign(new X500Principal("CN=" + name), keys, false, names), keys);
    }

    /** {@code dir/name.pem} and {@code dir/name.key} for the SAE {@code saeId} (its common name). */
    void writeClient(Path dir, String name, String saeId) throws GeneralSecurityException, IOException {
        KeyPair keys = keyPair();
        write(dir, name, sign(new X500Principal("CN=" + saeId), keys, false, null), keys);
    }

    void writeCa(Path file) throws IOException {
        Files.writeString(file, pem(ca));
    }

    private void write(Path dir, String name, X509Certificate cert, KeyPair keys) throws IOException {
        Files.writeString(dir.resolve(name + ".pem"), pem(cert));
        Path key = dir.resolve(name + ".key");
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        // PKCS#8 as the JDK encodes it (the curve named in the algorithm identifier), which every reader takes.
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }

    private X509Certificate sign(X500Principal subject, KeyPair keys, boolean isCa, GeneralNames names) throws GeneralSecurityException {
        Instant now = Instant.now();
        X500Principal issuer = isCa ? subject : ca.getSubjectX500Principal();
        var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            if (names != null) builder.addExtension(Extension.subjectAlternativeName, false, names);
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(isCa ? keys.getPrivate() : caKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot issue a certificate for " + subject, e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
