package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/** AUTH payload (RFC 7296 section 3.8). */
public record AuthenticationPayload(int methodCode, Bytes data) implements Payload {

    public AuthenticationPayload {
        IkeHeader.checkUnsigned(methodCode, 0xff, "auth method");
    }

    public static AuthenticationPayload of(AuthMethod method, Bytes data) {
        return new AuthenticationPayload(method.code(), data);
    }

    public AuthMethod method() {
        return AuthMethod.of(methodCode);
    }

    @Override
    public int typeCode() {
        return PayloadType.AUTHENTICATION.code();
    }

    @Override
    public int bodyLength() {
        return 4 + data.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.put((byte) methodCode).put((byte) 0).putShort((short) 0);
        data.writeTo(out);
    }

    static AuthenticationPayload decode(WireReader r) throws IkeDecodeException {
        int method = r.u8("auth method");
        r.skip(3, "AUTH reserved");
        return new AuthenticationPayload(method, r.rest());
    }
}
