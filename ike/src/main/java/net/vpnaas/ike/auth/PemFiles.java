package net.vpnaas.ike.auth;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM text as the configuration carries them. Text
 * outside BEGIN/END blocks is ignored, so commented bundles work. Certificates, RSA and EC keys come
 * out as JDK objects (the JDK's own factories), whatever the input format. Ed25519 keys come out as
 * Bouncy Castle keys: {@link SignatureAuthenticator} signs Ed25519 with Bouncy Castle, which would
 * otherwise convert a JDK key, and recompute its public half, on every signature (half the speed).
 */
public final class PemFiles {
    private PemFiles() {
    }

    /** Every certificate of a bundle, in order; at least one. Any other block is an error. */
    public static List<X509Certificate> certificates(String pem) throws PemFormatException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> out = new ArrayList<>();
        for (Object block : blocks(pem)) {
            if (!(block instanceof X509CertificateHolder holder)) {
                throw new PemFormatException("expected only certificates, found " + describe(block));
            }
            try {
                out.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw new PemFormatException("certificate " + (out.size() + 1) + " cannot be read: " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) throw new PemFormatException("no certificate found");
        return List.copyOf(out);
    }

    /**
     * The one private key of a PEM text: PKCS#8 ("PRIVATE KEY"), SEC1 ("EC PRIVATE KEY", optionally
     * preceded by "EC PARAMETERS") or traditional PKCS#1 ("RSA PRIVATE KEY"). Encrypted keys are
     * refused: the configuration already protects secrets, a passphrase would only move the problem.
     */
    public static PrivateKey privateKey(String pem) throws PemFormatException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key = null;
        for (Object block : blocks(pem)) {
            if (block instanceof ASN1ObjectIdentifier) continue; // "EC PARAMETERS": the key names its curve itself
            PrivateKeyInfo info = switch (block) {
                case PrivateKeyInfo pkcs8 -> pkcs8;
                case PEMKeyPair pair -> pair.getPrivateKeyInfo();
                case PEMEncryptedKeyPair ignored -> throw new PemFormatException("encrypted private keys are not supported");
                case PKCS8EncryptedPrivateKeyInfo ignored -> throw new PemFormatException("encrypted private keys are not supported");
                default -> throw new PemFormatException("expected a private key, found " + describe(block));
            };
            if (key != null) throw new PemFormatException("more than one private key");
            try {
                key = EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())
                        ? new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER).getPrivateKey(info)
                        : converter.getPrivateKey(info);
            } catch (IOException | RuntimeException e) {
                throw new PemFormatException("private key cannot be read: " + e.getMessage(), e);
            }
        }
        if (key == null) throw new PemFormatException("no private key found");
        return key;
    }

    private static List<Object> blocks(String pem) throws PemFormatException {
        List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) out.add(o);
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports broken base64 and bad DER with a mix of checked and runtime exceptions.
            throw new PemFormatException("not valid PEM: " + e.getMessage(), e);
        }
        return out;
    }

    private static String describe(Object block) {
        return switch (block) {
            case X509CertificateHolder ignored -> "a certificate";
            case PrivateKeyInfo ignored -> "a private key";
            case PEMKeyPair ignored -> "a private key";
            default -> block.getClass().getSimpleName();
        };
    }
}
