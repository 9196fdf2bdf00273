package net.vpnaas.ike.auth;

import java.util.Optional;

/** IANA "IKEv2 Authentication Method" registry (RFC 7296 section 3.8 and later RFCs). */
public enum AuthMethod {
    /** RSASSA-PKCS1-v1_5 with SHA-1 (RFC 7296). */
    RSA_DIGITAL_SIGNATURE(1),
    SHARED_KEY_MIC(2),
    DSS_DIGITAL_SIGNATURE(3),
    /** RFC 4754: raw r|s, the hash and curve fixed by the method. */
    ECDSA_SHA256_P256(9),
    ECDSA_SHA384_P384(10),
    ECDSA_SHA512_P521(11),
    GENERIC_SECURE_PASSWORD(12),
    NULL_AUTHENTICATION(13),
    /** RFC 7427: the AUTH data names the algorithm with an ASN.1 AlgorithmIdentifier. */
    DIGITAL_SIGNATURE(14);

    private final int value;

    AuthMethod(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** Empty for a value this registry copy does not know. */
    public static Optional<AuthMethod> fromValue(int value) {
        for (AuthMethod m : values()) {
            if (m.value == value) return Optional.of(m);
        }
        return Optional.empty();
    }
}
