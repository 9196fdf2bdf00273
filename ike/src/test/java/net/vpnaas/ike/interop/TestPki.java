package net.vpnaas.ike.interop;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA issuing end-entity certificates for interop tests, generated fresh in each run so no
 * key material is ever committed. Identities go into subjectAltName (dNSName for an FQDN, rfc822Name
 * for user@host, iPAddress for an address), which is where IKE peers match IDi/IDr against the cert.
 */
public final class TestPki {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration VALIDITY = Duration.ofDays(2);

    /** A certificate with its private key; {@code id} is the IKE identity in its subjectAltName. */
    public record Issued(String id, KeyKind kind, X509Certificate certificate, PrivateKey privateKey) {
        public String certificatePem() {
            return pem(certificate);
        }

        /** PKCS#8 ("BEGIN PRIVATE KEY") for every key type; strongSwan's pkcs8 plugin reads all three. */
        public String privateKeyPem() {
            try {
                return pem(new JcaPKCS8Generator(privateKey, null).generate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A file name derived from the identity, safe for the x509/ and private/ folders. */
        public String fileName() {
            return id.replaceAll("[^A-Za-z0-9.-]", "_") + ".pem";
        }
    }

    private final Issued ca;
    /** The CAs above {@link #ca}, nearest first; empty for a root. */
    private final List<Issued> above;

    private TestPki(Issued ca, List<Issued> above) {
        this.ca = ca;
        this.above = List.copyOf(above);
    }

    /** A self-signed CA with a key of {@code kind}. */
    public static TestPki create(KeyKind kind) {
        KeyPair kp = kind.generate();
        X500Name name = new X500Name("C=XX, O=vpnaas interop test, CN=Test CA " + Long.toHexString(RANDOM.nextLong()));
        X509Certificate cert = build(name, kp, name, kp.getPrivate(), kind, true, null);
        return new TestPki(new Issued(name.toString(), kind, cert, kp.getPrivate()), List.of());
    }

    /** An intermediate CA under this one, with a key of {@code kind}; what it issues needs the chain to verify. */
    public TestPki intermediate(KeyKind kind) {
        KeyPair kp = kind.generate();
        X500Name name = new X500Name("C=XX, O=vpnaas interop test, CN=Intermediate CA " + Long.toHexString(RANDOM.nextLong()));
        X509Certificate cert = build(name, kp, X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                ca.privateKey(), ca.kind(), true, null);
        List<Issued> chain = new ArrayList<>(List.of(ca));
        chain.addAll(above);
        return new TestPki(new Issued(name.toString(), kind, cert, kp.getPrivate()), chain);
    }

    /** The self-signed CA at the top: the one a peer trusts. */
    public Issued root() {
        return above.isEmpty() ? ca : above.getLast();
    }

    /** The CA certificates between an end entity of this PKI and the root: what a peer sends along in CERT payloads. */
    public List<X509Certificate> intermediates() {
        List<X509Certificate> chain = new ArrayList<>();
        if (!above.isEmpty()) chain.add(ca.certificate());
        for (Issued i : above.subList(0, Math.max(0, above.size() - 1))) chain.add(i.certificate());
        return chain;
    }

    public Issued ca() {
        return ca;
    }

    /** Issues an end-entity certificate with a new key of {@code kind} for the identity {@code id}. */
    public Issued issue(String id, KeyKind kind) {
        KeyPair kp = kind.generate();
        X500Name subject = new X500Name("C=XX, O=vpnaas interop test, CN=" + id);
        X509Certificate cert = build(subject, kp, X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                ca.privateKey(), ca.kind(), false, id);
        return new Issued(id, kind, cert, kp.getPrivate());
    }

    /**
     * Installs the CA certificate and this end entity's certificate and key into a strongSwan peer's
     * swanctl folder; returns the certificate file name for {@link SwanctlConf.Auth.PubKey#certFile()}.
     */
    public String installInto(StrongSwanPeer peer, Issued endEntity) {
        Path dir = peer.swanctlDir();
        try {
            Files.writeString(dir.resolve("x509ca/ca.pem"), root().certificatePem());
            // charon sends the intermediates it finds between its certificate and a self-signed CA.
            for (int i = 0; i < intermediates().size(); i++) {
                Files.writeString(dir.resolve("x509ca/intermediate-" + i + ".pem"), pem(intermediates().get(i)));
            }
            Files.writeString(dir.resolve("x509").resolve(endEntity.fileName()), endEntity.certificatePem());
            Files.writeString(dir.resolve("private").resolve(endEntity.fileName()), endEntity.privateKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return endEntity.fileName();
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
                                         KeyKind issuerKind, boolean isCa, String sanId) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            if (isCa) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAltName(sanId)));
            }
            var signer = new JcaContentSignerBuilder(issuerKind.caSignatureAlgorithm()).setProvider(BC).build(issuerKey);
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(b.build(signer));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build certificate for " + subject, e);
        }
    }

    private static GeneralName subjectAltName(String id) {
        if (id.contains("@")) return new GeneralName(GeneralName.rfc822Name, id);
        if (id.matches("[0-9.]+") || id.contains(":")) {
            try {
                return new GeneralName(GeneralName.iPAddress, InetAddress.ofLiteral(id).getHostAddress());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not an IP address: " + id, e);
            }
        }
        return new GeneralName(GeneralName.dNSName, id);
    }

    static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }
}
