package net.vpnaas.model.crypto;

/** Pseudo-random functions (IANA Transform Type 2), IKE SAs only. */
public enum PseudoRandomFunction {
    HMAC_SHA2_256("prfsha256", 5),
    HMAC_SHA2_384("prfsha384", 6),
    HMAC_SHA2_512("prfsha512", 7);

    private final String token;
    private final int ianaId;

    PseudoRandomFunction(String token, int ianaId) {
        this.token = token;
        this.ianaId = ianaId;
    }

    public String token() { return token; }
    public int ianaId() { return ianaId; }
}
