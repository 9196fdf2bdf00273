package net.vpnaas.ike.message;

/** Why bytes could not be decoded into an IKE message, or why a decoded message breaks the rules. */
public enum DecodeError {
    /** Fewer bytes than the 28-byte IKE header. */
    TRUNCATED_HEADER,
    /** The major version is not 2 (IKEv1 or a future version). */
    INVALID_MAJOR_VERSION,
    /** A length field disagrees with the bytes actually present (header length, trailing bytes, sub-structure). */
    LENGTH_MISMATCH,
    /** A payload's generic header or its declared length runs past the end of the enclosing bytes. */
    TRUNCATED_PAYLOAD,
    /** A length field is smaller than the fixed fields of the structure it describes. */
    INVALID_PAYLOAD_LENGTH,
    /** A payload type we do not support, with the critical bit set (RFC 7296 section 2.5). */
    UNSUPPORTED_CRITICAL_PAYLOAD,
    /** A field holds a value the RFC forbids (sub-structure markers, numbering, sizes, addresses). */
    INVALID_SYNTAX,
    /** Presence rules: a payload the exchange needs is absent. */
    MISSING_PAYLOAD,
    /** Presence rules: a payload type that does not belong in this exchange and direction. */
    UNEXPECTED_PAYLOAD,
    /** Presence rules: a payload type appears more often than allowed. */
    TOO_MANY_PAYLOADS,
    /** Presence rules: an exchange type we have no rules for. */
    UNSUPPORTED_EXCHANGE,
    /** Fragment reassembly (RFC 7383): an inconsistent fragment. */
    INVALID_FRAGMENT,
    /** Fragment reassembly: the configured bound on fragment count or total size was exceeded. */
    REASSEMBLY_LIMIT;

    /** The error notification a responder would send for this error (RFC 7296 section 3.10.1). */
    public NotifyType notifyType() {
        return switch (this) {
            case UNSUPPORTED_CRITICAL_PAYLOAD -> NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD;
            case INVALID_MAJOR_VERSION -> NotifyType.INVALID_MAJOR_VERSION;
            default -> NotifyType.INVALID_SYNTAX;
        };
    }
}
