package net.vpnaas.ike.message;

/** Transform Type 2 - Pseudorandom Function Transform IDs. */
public enum PrfAlgorithm implements IanaCode {
    HMAC_MD5(1),
    HMAC_SHA1(2),
    HMAC_TIGER(3),
    AES128_XCBC(4),
    HMAC_SHA2_256(5),
    HMAC_SHA2_384(6),
    HMAC_SHA2_512(7),
    AES128_CMAC(8),
    HMAC_STREEBOG_512(9),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<PrfAlgorithm> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    PrfAlgorithm(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static PrfAlgorithm of(int code) {
        return INDEX.of(code);
    }
}
