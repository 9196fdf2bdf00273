package net.vpnaas.api.pki;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** PEM text (RFC 7468) of certificates and PKCS#8 private keys, as clients and agents read them. */
public final class Pem {
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {}

    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A chain or bundle: the certificates' blocks one after the other, in order. */
    public static String certificates(List<X509Certificate> certificates) {
        return String.join("", certificates.stream().map(Pem::certificate).toList());
    }

    public static String privateKey(byte[] pkcs8) {
        return block("PRIVATE KEY", pkcs8);
    }

    private static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
