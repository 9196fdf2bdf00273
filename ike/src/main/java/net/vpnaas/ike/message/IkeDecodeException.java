package net.vpnaas.ike.message;

/**
 * The only exception the codec's decoders throw: a precise reason and the byte offset it refers to.
 *
 * <p>Offsets count from the start of the unit being decoded: the IKE message for
 * {@link IkeMessage#decode}, the decrypted inner payload chain for {@link PayloadChain#decode}.
 * No stack trace is recorded: malformed datagrams are routine input from the network, and filling
 * in a stack trace for each would make them a cheap way to burn our CPU.
 */
public final class IkeDecodeException extends Exception {

    private final DecodeError reason;
    private final int offset;
    private final int relatedCode;

    public IkeDecodeException(DecodeError reason, int offset, String detail) {
        this(reason, offset, -1, detail);
    }

    /** {@code relatedCode}: the payload type of an unsupported critical payload, the bad version, ... */
    public IkeDecodeException(DecodeError reason, int offset, int relatedCode, String detail) {
        super(reason + " at offset " + offset + ": " + detail, null, false, false);
        this.reason = reason;
        this.offset = offset;
        this.relatedCode = relatedCode;
    }

    public DecodeError reason() {
        return reason;
    }

    /** Byte offset the error refers to, or -1 when it concerns the message as a whole (presence rules). */
    public int offset() {
        return offset;
    }

    /**
     * A code that goes with the reason, -1 if none: the payload type for UNSUPPORTED_CRITICAL_PAYLOAD
     * (the notification data RFC 7296 section 3.10.1 asks for), the major version for
     * INVALID_MAJOR_VERSION, the payload type for presence errors.
     */
    public int relatedCode() {
        return relatedCode;
    }
}
