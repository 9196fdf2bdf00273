package net.vpnaas.agent.radius;

/** RADIUS packet codes (RFC 2865 3) that an EAP authenticator sends or receives; anything else is {@link #UNKNOWN}. */
public enum RadiusCode {
    ACCESS_REQUEST(1),
    ACCESS_ACCEPT(2),
    ACCESS_REJECT(3),
    ACCESS_CHALLENGE(11),
    UNKNOWN(-1);

    private final int code;

    RadiusCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RadiusCode of(int code) {
        for (RadiusCode c : values()) {
            if (c.code == code) return c;
        }
        return UNKNOWN;
    }
}
