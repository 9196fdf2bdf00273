package net.vpnaas.ike.message;

/** IKEv2 Payload Types (RFC 7296 section 3.2, RFC 7383 for SKF). */
public enum PayloadType implements IanaCode {
    NONE(0),
    SECURITY_ASSOCIATION(33),
    KEY_EXCHANGE(34),
    IDENTIFICATION_INITIATOR(35),
    IDENTIFICATION_RESPONDER(36),
    CERTIFICATE(37),
    CERTIFICATE_REQUEST(38),
    AUTHENTICATION(39),
    NONCE(40),
    NOTIFY(41),
    DELETE(42),
    VENDOR_ID(43),
    TRAFFIC_SELECTOR_INITIATOR(44),
    TRAFFIC_SELECTOR_RESPONDER(45),
    ENCRYPTED(46),
    CONFIGURATION(47),
    EAP(48),
    GSPM(49),
    GROUP_IDENTIFICATION(50),
    GROUP_SA(51),
    KEY_DOWNLOAD(52),
    ENCRYPTED_FRAGMENT(53),
    PUZZLE_SOLUTION(54),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<PayloadType> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    PayloadType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static PayloadType of(int code) {
        return INDEX.of(code);
    }
}
