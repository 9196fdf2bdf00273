package net.vpnaas.ike.message;

/** IKEv2 Certificate Encodings (RFC 7296 section 3.6, RFC 7670). */
public enum CertEncoding implements IanaCode {
    PKCS7_WRAPPED_X509(1),
    PGP(2),
    DNS_SIGNED_KEY(3),
    X509_SIGNATURE(4),
    KERBEROS_TOKEN(6),
    CRL(7),
    ARL(8),
    SPKI(9),
    X509_ATTRIBUTE(10),
    RAW_RSA_KEY(11),
    HASH_AND_URL_X509_CERT(12),
    HASH_AND_URL_X509_BUNDLE(13),
    OCSP_CONTENT(14),
    RAW_PUBLIC_KEY(15),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<CertEncoding> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    CertEncoding(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static CertEncoding of(int code) {
        return INDEX.of(code);
    }
}
