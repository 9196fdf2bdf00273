package net.vpnaas.ike.message;

/** IKEv2 Configuration Payload CFG Types (RFC 7296 section 3.15). */
public enum ConfigType implements IanaCode {
    CFG_REQUEST(1),
    CFG_REPLY(2),
    CFG_SET(3),
    CFG_ACK(4),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<ConfigType> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    ConfigType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static ConfigType of(int code) {
        return INDEX.of(code);
    }
}
