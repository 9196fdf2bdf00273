package net.vpnaas.ike.message;

/** IKEv2 Identification Payload ID Types (RFC 7296 section 3.5, RFC 7619 for ID_NULL). */
public enum IdType implements IanaCode {
    IPV4_ADDR(1),
    FQDN(2),
    RFC822_ADDR(3),
    IPV6_ADDR(5),
    DER_ASN1_DN(9),
    DER_ASN1_GN(10),
    KEY_ID(11),
    FC_NAME(12),
    NULL(13),
    /** A code this enum does not name; the holder keeps the numeric code. */
    UNKNOWN(-1);

    private static final CodeIndex<IdType> INDEX = new CodeIndex<>(values(), UNKNOWN);
    private final int code;

    IdType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static IdType of(int code) {
        return INDEX.of(code);
    }
}
