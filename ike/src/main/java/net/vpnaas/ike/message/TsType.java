package net.vpnaas.ike.message;

/** IKEv2 Traffic Selector Types (RFC 7296 section 3.13.1, RFC 4595, RFC 9478). */
public enum TsType implements IanaCode {
    TS_IPV4_ADDR_RANGE(7),
    TS_IPV6_ADDR_RANGE(8),
    TS_FC_ADDR_RANGE(9),
    TS_SECLABEL(10),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<TsType> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    TsType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static TsType of(int code) {
        return INDEX.of(code);
    }
}
