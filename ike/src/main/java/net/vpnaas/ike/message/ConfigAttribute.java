package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/** A configuration attribute of a CP payload (RFC 7296 section 3.15.1); an empty value requests it. */
public record ConfigAttribute(int typeCode, Bytes value) {

    public ConfigAttribute {
        IkeHeader.checkUnsigned(typeCode, 0x7fff, "attribute type");
        IkeHeader.checkUnsigned(value.length(), 0xffff, "attribute length");
    }

    public static ConfigAttribute of(ConfigAttributeType type, Bytes value) {
        return new ConfigAttribute(type.code(), value);
    }

    public ConfigAttributeType type() {
        return ConfigAttributeType.of(typeCode);
    }

    int encodedLength() {
        return 4 + value.length();
    }

    void encode(ByteBuffer out) {
        out.putShort((short) typeCode).putShort((short) value.length());
        value.writeTo(out);
    }

    static ConfigAttribute decode(WireReader r) throws IkeDecodeException {
        // The top bit is reserved and ignored on receipt.
        int type = r.u16("attribute type") & 0x7fff;
        int length = r.u16("attribute length");
        return new ConfigAttribute(type, r.bytes(length, "attribute value"));
    }
}
