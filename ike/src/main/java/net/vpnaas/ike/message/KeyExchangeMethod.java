package net.vpnaas.ike.message;

/** Transform Type 4 - Key Exchange Method Transform IDs (formerly Diffie-Hellman groups). */
public enum KeyExchangeMethod implements IanaCode {
    NONE(0),
    MODP_768(1),
    MODP_1024(2),
    MODP_1536(5),
    MODP_2048(14),
    MODP_3072(15),
    MODP_4096(16),
    MODP_6144(17),
    MODP_8192(18),
    ECP_256(19),
    ECP_384(20),
    ECP_521(21),
    MODP_1024_160(22),
    MODP_2048_224(23),
    MODP_2048_256(24),
    ECP_192(25),
    ECP_224(26),
    BRAINPOOL_P224R1(27),
    BRAINPOOL_P256R1(28),
    BRAINPOOL_P384R1(29),
    BRAINPOOL_P512R1(30),
    CURVE25519(31),
    CURVE448(32),
    GOST3410_2012_256(33),
    GOST3410_2012_512(34),
    ML_KEM_512(35),
    ML_KEM_768(36),
    ML_KEM_1024(37),
    /** Private use (RFC 7296 3.3.2): our QKD key named by its ID ({@code net.vpnaas.ike.qkd}). */
    QKD(1024),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<KeyExchangeMethod> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    KeyExchangeMethod(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static KeyExchangeMethod of(int code) {
        return INDEX.of(code);
    }
}
