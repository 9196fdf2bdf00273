package net.vpnaas.ike.message;

/** IKEv2 Security Protocol Identifiers (RFC 7296 section 3.3.1); NONE where no SA is concerned. */
public enum ProtocolId implements IanaCode {
    NONE(0),
    IKE(1),
    AH(2),
    ESP(3),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<ProtocolId> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    ProtocolId(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static ProtocolId of(int code) {
        return INDEX.of(code);
    }
}
