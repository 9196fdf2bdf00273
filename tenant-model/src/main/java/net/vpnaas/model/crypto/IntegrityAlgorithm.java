package net.vpnaas.model.crypto;

/** Integrity transforms (IANA Transform Type 3): HMAC-SHA2 truncated to half the hash length (RFC 4868). */
public enum IntegrityAlgorithm {
    HMAC_SHA2_256_128("sha256", 12, PseudoRandomFunction.HMAC_SHA2_256),
    HMAC_SHA2_384_192("sha384", 13, PseudoRandomFunction.HMAC_SHA2_384),
    HMAC_SHA2_512_256("sha512", 14, PseudoRandomFunction.HMAC_SHA2_512);

    private final String token;
    private final int ianaId;
    private final PseudoRandomFunction matchingPrf;

    IntegrityAlgorithm(String token, int ianaId, PseudoRandomFunction matchingPrf) {
        this.token = token;
        this.ianaId = ianaId;
        this.matchingPrf = matchingPrf;
    }

    public String token() { return token; }
    public int ianaId() { return ianaId; }
    /** The PRF an IKE proposal uses when it names only the integrity algorithm (strongSwan's rule). */
    public PseudoRandomFunction matchingPrf() { return matchingPrf; }
}
