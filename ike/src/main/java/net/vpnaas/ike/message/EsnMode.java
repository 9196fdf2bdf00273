package net.vpnaas.ike.message;

/** Transform Type 5 - Extended Sequence Numbers Transform IDs. */
public enum EsnMode implements IanaCode {
    NO_ESN(0),
    ESN(1),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<EsnMode> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    EsnMode(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static EsnMode of(int code) {
        return INDEX.of(code);
    }
}
