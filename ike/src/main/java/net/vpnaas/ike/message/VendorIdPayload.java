package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/** Vendor ID payload (RFC 7296 section 3.12). */
public record VendorIdPayload(Bytes data) implements Payload {

    @Override
    public int typeCode() {
        return PayloadType.VENDOR_ID.code();
    }

    @Override
    public int bodyLength() {
        return data.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        data.writeTo(out);
    }

    static VendorIdPayload decode(WireReader r) {
        return new VendorIdPayload(r.rest());
    }
}
