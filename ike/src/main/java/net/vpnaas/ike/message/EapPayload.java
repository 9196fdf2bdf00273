package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * EAP payload (RFC 7296 section 3.16): one EAP message, opaque to the codec except that its own
 * Length field must agree with the payload.
 */
public record EapPayload(Bytes message) implements Payload {

    private static final int EAP_HEADER = 4;

    @Override
    public int typeCode() {
        return PayloadType.EAP.code();
    }

    @Override
    public int bodyLength() {
        return message.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        message.writeTo(out);
    }

    static EapPayload decode(WireReader r) throws IkeDecodeException {
        int start = r.offset();
        Bytes message = r.rest();
        if (message.length() < EAP_HEADER) {
            throw new IkeDecodeException(DecodeError.INVALID_PAYLOAD_LENGTH, start,
                    "EAP message of " + message.length() + " bytes is shorter than its header");
        }
        if (message.u16(2) != message.length()) {
            throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, start + 2,
                    "EAP length " + message.u16(2) + " in a payload of " + message.length() + " bytes");
        }
        return new EapPayload(message);
    }
}
