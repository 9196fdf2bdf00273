package net.vpnaas.ike.auth;

import java.util.Optional;

/** IANA "IKEv2 Hash Algorithms" registry (RFC 7427 section 7, RFC 8420 for Identity). */
public enum HashAlgorithm {
    SHA1(1, "SHA-1", 20),
    SHA2_256(2, "SHA-256", 32),
    SHA2_384(3, "SHA-384", 48),
    SHA2_512(4, "SHA-512", 64),
    /** "No hash": the signature algorithm takes the whole message (Ed25519, RFC 8420). */
    IDENTITY(5, "", 0);

    private final int value;
    private final String jcaName;
    private final int length;

    HashAlgorithm(int value, String jcaName, int length) {
        this.value = value;
        this.jcaName = jcaName;
        this.length = length;
    }

    public int value() {
        return value;
    }

    /** Standard JCA MessageDigest name; empty for {@link #IDENTITY}. */
    String jcaName() {
        return jcaName;
    }

    /** Output length in octets. */
    int length() {
        return length;
    }

    public static Optional<HashAlgorithm> fromValue(int value) {
        for (HashAlgorithm h : values()) {
            if (h.value == value) return Optional.of(h);
        }
        return Optional.empty();
    }
}
