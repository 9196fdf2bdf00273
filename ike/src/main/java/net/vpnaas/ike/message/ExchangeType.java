package net.vpnaas.ike.message;

/** IKEv2 Exchange Types (RFC 7296 section 3.1 and later RFCs). */
public enum ExchangeType implements IanaCode {
    IKE_SA_INIT(34),
    IKE_AUTH(35),
    CREATE_CHILD_SA(36),
    INFORMATIONAL(37),
    IKE_SESSION_RESUME(38),
    GSA_AUTH(39),
    GSA_REGISTRATION(40),
    GSA_REKEY(41),
    IKE_INTERMEDIATE(43),
    IKE_FOLLOWUP_KE(44),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<ExchangeType> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    ExchangeType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static ExchangeType of(int code) {
        return INDEX.of(code);
    }
}
