package net.vpnaas.ike.message;

/** IKEv2 Authentication Method (RFC 7296 section 3.8, RFC 4754, RFC 7427, RFC 7619). */
public enum AuthMethod implements IanaCode {
    RSA_DIGITAL_SIGNATURE(1),
    SHARED_KEY_MIC(2),
    DSS_DIGITAL_SIGNATURE(3),
    ECDSA_SHA256_P256(9),
    ECDSA_SHA384_P384(10),
    ECDSA_SHA512_P521(11),
    GENERIC_SECURE_PASSWORD(12),
    NULL_AUTHENTICATION(13),
    DIGITAL_SIGNATURE(14),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<AuthMethod> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    AuthMethod(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static AuthMethod of(int code) {
        return INDEX.of(code);
    }
}
