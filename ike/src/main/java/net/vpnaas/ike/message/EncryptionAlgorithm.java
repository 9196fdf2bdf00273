package net.vpnaas.ike.message;

/** Transform Type 1 - Encryption Algorithm Transform IDs. */
public enum EncryptionAlgorithm implements IanaCode {
    DES_IV64(1),
    DES(2),
    TRIPLE_DES(3),
    RC5(4),
    IDEA(5),
    CAST(6),
    BLOWFISH(7),
    TRIPLE_IDEA(8),
    DES_IV32(9),
    NULL(11),
    AES_CBC(12),
    AES_CTR(13),
    AES_CCM_8(14),
    AES_CCM_12(15),
    AES_CCM_16(16),
    AES_GCM_8(18),
    AES_GCM_12(19),
    AES_GCM_16(20),
    NULL_AUTH_AES_GMAC(21),
    CAMELLIA_CBC(23),
    CAMELLIA_CTR(24),
    CAMELLIA_CCM_8(25),
    CAMELLIA_CCM_12(26),
    CAMELLIA_CCM_16(27),
    CHACHA20_POLY1305(28),
    AES_CCM_8_IIV(29),
    AES_GCM_16_IIV(30),
    CHACHA20_POLY1305_IIV(31),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<EncryptionAlgorithm> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    EncryptionAlgorithm(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static EncryptionAlgorithm of(int code) {
        return INDEX.of(code);
    }
}
