package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/** KE payload (RFC 7296 section 3.4): the key exchange method and the sender's public value. */
public record KeyExchangePayload(int methodCode, Bytes data) implements Payload {

    public KeyExchangePayload {
        IkeHeader.checkUnsigned(methodCode, 0xffff, "key exchange method");
    }

    public static KeyExchangePayload of(KeyExchangeMethod method, Bytes data) {
        return new KeyExchangePayload(method.code(), data);
    }

    public KeyExchangeMethod method() {
        return KeyExchangeMethod.of(methodCode);
    }

    @Override
    public int typeCode() {
        return PayloadType.KEY_EXCHANGE.code();
    }

    @Override
    public int bodyLength() {
        return 4 + data.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.putShort((short) methodCode).putShort((short) 0);
        data.writeTo(out);
    }

    static KeyExchangePayload decode(WireReader r) throws IkeDecodeException {
        int method = r.u16("key exchange method");
        r.skip(2, "KE reserved");
        return new KeyExchangePayload(method, r.rest());
    }
}
