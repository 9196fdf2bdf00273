package net.vpnaas.ike.message;

/** Transform Type 3 - Integrity Algorithm Transform IDs. */
public enum IntegrityAlgorithm implements IanaCode {
    NONE(0),
    HMAC_MD5_96(1),
    HMAC_SHA1_96(2),
    DES_MAC(3),
    KPDK_MD5(4),
    AES_XCBC_96(5),
    HMAC_MD5_128(6),
    HMAC_SHA1_160(7),
    AES_CMAC_96(8),
    AES_128_GMAC(9),
    AES_192_GMAC(10),
    AES_256_GMAC(11),
    HMAC_SHA2_256_128(12),
    HMAC_SHA2_384_192(13),
    HMAC_SHA2_512_256(14),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<IntegrityAlgorithm> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    IntegrityAlgorithm(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static IntegrityAlgorithm of(int code) {
        return INDEX.of(code);
    }
}
