package net.vpnaas.ike.message;

/** IKEv2 Transform Types (RFC 7296 section 3.3.2, RFC 9370 additional key exchanges). */
public enum TransformType implements IanaCode {
    ENCRYPTION(1),
    PRF(2),
    INTEGRITY(3),
    KEY_EXCHANGE(4),
    EXTENDED_SEQUENCE_NUMBERS(5),
    ADDITIONAL_KEY_EXCHANGE_1(6),
    ADDITIONAL_KEY_EXCHANGE_2(7),
    ADDITIONAL_KEY_EXCHANGE_3(8),
    ADDITIONAL_KEY_EXCHANGE_4(9),
    ADDITIONAL_KEY_EXCHANGE_5(10),
    ADDITIONAL_KEY_EXCHANGE_6(11),
    ADDITIONAL_KEY_EXCHANGE_7(12),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<TransformType> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    TransformType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static TransformType of(int code) {
        return INDEX.of(code);
    }
}
