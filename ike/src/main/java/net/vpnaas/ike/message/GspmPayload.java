package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * Generic Secure Password Method payload, GSPM (RFC 6467 section 3.2, payload type 49): the generic
 * header and then data that only the negotiated secure password method reads (for PACE, RFC 6631, the
 * encrypted nonce: {@link PaceEncryptedNonce}). The codec only checks that there is some.
 */
public record GspmPayload(Bytes data) implements Payload {

    @Override
    public int typeCode() {
        return PayloadType.GSPM.code();
    }

    @Override
    public int bodyLength() {
        return data.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        data.writeTo(out);
    }

    static GspmPayload decode(WireReader r) throws IkeDecodeException {
        int start = r.offset();
        Bytes data = r.rest();
        if (data.length() == 0) throw new IkeDecodeException(DecodeError.INVALID_PAYLOAD_LENGTH, start, "GSPM payload without data");
        return new GspmPayload(data);
    }
}
