package net.vpnaas.api.ikeca;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A gateway certificate a tenant uploads, checked before it is stored, so that an agent is never
 * handed one it cannot use: the chain is PEM certificates, end entity first, each issued by the
 * next; none has expired; the end entity is no CA, has a key the gateways sign with (ECDSA P-256,
 * P-384 or P-521, RSA of 2048 bits or more, Ed25519) and names the gateway's IKE identity (its first
 * public address) as an IP address subjectAltName, where IKE peers look for it; the private key is
 * unencrypted PEM (PKCS#8, SEC1 or PKCS#1) and belongs to the end entity. Each problem names its field.
 *
 * @param chain           the end entity first, then intermediates
 * @param privateKeyPkcs8 the key, as PKCS#8 DER whatever form it came in
 */
record UploadedCertificate(List<X509Certificate> chain, byte[] privateKeyPkcs8) {
    static final String CHAIN = "certificateChainPem";
    static final String KEY = "privateKeyPem";
    private static final int MAX_CHAIN = 8;
    private static final Set<ASN1Encodable> SIGNING_CURVES = Set.of(SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1,
            SECObjectIdentifiers.secp521r1);

    /** The upload, or the violations that keep it from being stored. */
    static Result check(String chainPem, String keyPem, InetAddress identity, Instant now) {
        Violations v = new Violations();
        List<X509Certificate> chain = v.required(CHAIN, chainPem) ? chain(chainPem, v) : List.of();
        if (!chain.isEmpty()) checkChain(chain, identity, now, v);
        PrivateKey key = v.required(KEY, keyPem) ? key(keyPem, v) : null;
        if (key != null && !chain.isEmpty() && v.isEmpty()) checkPair(chain.getFirst(), key, v);
        // stored as the JDK encodes it: PKCS#8 with the curve named, whatever the upload's form
        return v.isEmpty() ? new Result.Valid(new UploadedCertificate(chain, key.getEncoded())) : new Result.Invalid(v.toList());
    }

    sealed interface Result {
        record Valid(UploadedCertificate certificate) implements Result {}

        record Invalid(List<Violation> violations) implements Result {}
    }

    private static List<X509Certificate> chain(String pem, Violations v) {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (!(block instanceof X509CertificateHolder holder)) {
                    v.add(CHAIN, "holds " + describe(block) + "; only certificates belong here (the key goes in " + KEY + ")");
                    return List.of();
                }
                out.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (IOException | CertificateException e) {
            v.add(CHAIN, "is not valid PEM: " + e.getMessage());
            return List.of();
        }
        if (out.isEmpty()) {
            v.add(CHAIN, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        } else if (out.size() > MAX_CHAIN) {
            v.add(CHAIN, "holds " + out.size() + " certificates; at most " + MAX_CHAIN + " (the gateway's and its intermediates)");
            return List.of();
        }
        return out;
    }

    private static void checkChain(List<X509Certificate> chain, InetAddress identity, Instant now, Violations v) {
        X509Certificate own = chain.getFirst();
        if (own.getBasicConstraints() >= 0) {
            v.add(CHAIN, "the first certificate is a CA certificate; it must be the gateway's own, followed by its intermediates");
        }
        if (!signsWith(own.getPublicKey())) {
            v.add(CHAIN, "the gateway's certificate holds a " + own.getPublicKey().getAlgorithm() + " key gateways cannot sign with;"
                    + " use ECDSA (P-256, P-384, P-521), RSA of at least 2048 bits or Ed25519");
        }
        if (!CertificateFacts.namesAddress(own, identity)) {
            v.add(CHAIN, "the gateway's certificate must name its IKE identity, its first public address " + identity.getHostAddress()
                    + ", as an IP address subjectAltName; it names " + CertificateFacts.of(own).subjectAltNames());
        }
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String which = i == 0 ? "the gateway's certificate" : "certificate " + (i + 1);
            if (!c.getNotAfter().toInstant().isAfter(now)) {
                v.add(CHAIN, which + " expired at " + c.getNotAfter().toInstant());
            } else if (c.getNotBefore().toInstant().isAfter(now)) {
                v.add(CHAIN, which + " is not valid before " + c.getNotBefore().toInstant());
            }
            if (i > 0) {
                try {
                    chain.get(i - 1).verify(c.getPublicKey());
                } catch (GeneralSecurityException e) {
                    v.add(CHAIN, "certificate " + (i + 1) + " did not issue certificate " + i
                            + "; list the gateway's certificate first, then each issuer in turn");
                }
            }
        }
    }

    private static PrivateKey key(String pem, Violations v) {
        PrivateKeyInfo key = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof ASN1ObjectIdentifier) continue; // "EC PARAMETERS" before a SEC1 key: the key names its curve
                if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
                    v.add(KEY, "is encrypted; upload it unencrypted (it is stored encrypted)");
                    return null;
                }
                PrivateKeyInfo info = switch (block) {
                    case PrivateKeyInfo pkcs8 -> pkcs8;
                    case PEMKeyPair pair -> pair.getPrivateKeyInfo();
                    default -> null;
                };
                if (info == null) {
                    v.add(KEY, "holds " + describe(block) + "; only the private key belongs here");
                    return null;
                }
                if (key != null) {
                    v.add(KEY, "holds more than one private key");
                    return null;
                }
                key = info;
            }
        } catch (IOException | RuntimeException e) {
            v.add(KEY, "is not valid PEM: " + e.getMessage());
            return null;
        }
        if (key == null) {
            v.add(KEY, "holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
            return null;
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(key);
        } catch (IOException | RuntimeException e) {
            v.add(KEY, "cannot be read: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            return null;
        }
    }

    /** The key belongs to the certificate when what it signs verifies under the certificate's public key. */
    private static void checkPair(X509Certificate own, PrivateKey key, Violations v) {
        try {
            String algorithm = switch (own.getPublicKey()) {
                case ECKey ec -> "SHA256withECDSA";
                case RSAKey rsa -> "SHA256withRSA";
                default -> "Ed25519";
            };
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(own.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) return;
        } catch (GeneralSecurityException | RuntimeException e) {
            // a key of another type than the certificate's: it does not belong to it either
        }
        v.add(KEY, "does not belong to the gateway's certificate (the first of " + CHAIN + ")");
    }

    /** The key types the IKE engine signs with (see ike's auth package). */
    private static boolean signsWith(PublicKey key) {
        AlgorithmIdentifier algorithm = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
        if (algorithm.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return SIGNING_CURVES.contains(algorithm.getParameters());
        }
        if (algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return ((RSAKey) key).getModulus().bitLength() >= 2048;
        }
        return algorithm.getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519);
    }

    private static String describe(Object block) {
        return switch (block) {
            case PrivateKeyInfo k -> "a private key";
            case PEMKeyPair k -> "a private key";
            case PEMEncryptedKeyPair k -> "an encrypted private key";
            case PKCS8EncryptedPrivateKeyInfo k -> "an encrypted private key";
            case X509CertificateHolder c -> "a certificate";
            default -> "a " + block.getClass().getSimpleName() + " block";
        };
    }
}
