package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * A payload of a type we do not support whose critical bit was clear: RFC 7296 section 2.5 says
 * to skip it. It is kept (not dropped) so a decoded message re-encodes to the same bytes; tasks
 * and the presence rules ignore it.
 */
public record UnknownPayload(int typeCode, Bytes body) implements Payload {

    public UnknownPayload {
        IkeHeader.checkUnsigned(typeCode, 0xff, "payload type");
    }

    @Override
    public int bodyLength() {
        return body.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        body.writeTo(out);
    }
}
