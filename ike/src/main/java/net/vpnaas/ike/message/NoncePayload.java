package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/** Ni/Nr payload (RFC 7296 section 3.9): 16 to 256 bytes of nonce. */
public record NoncePayload(Bytes data) implements Payload {

    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 256;

    public NoncePayload {
        if (data.length() < MIN_LENGTH || data.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("nonce must be 16..256 bytes: " + data.length());
        }
    }

    @Override
    public int typeCode() {
        return PayloadType.NONCE.code();
    }

    @Override
    public int bodyLength() {
        return data.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        data.writeTo(out);
    }

    static NoncePayload decode(WireReader r) throws IkeDecodeException {
        int start = r.offset();
        Bytes data = r.rest();
        if (data.length() < MIN_LENGTH || data.length() > MAX_LENGTH) {
            throw r.syntax(start, "nonce of " + data.length() + " bytes, must be 16..256");
        }
        return new NoncePayload(data);
    }
}
