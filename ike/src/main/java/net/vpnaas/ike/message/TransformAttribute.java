package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * A transform attribute (RFC 7296 section 3.3.5). In the short form (AF bit set) the value is
 * exactly two bytes; IKEv2 defines only Key Length (type 14), which uses the short form.
 */
public record TransformAttribute(int typeCode, boolean shortForm, Bytes value) {

    public static final int KEY_LENGTH = 14;
    private static final int FORMAT_SHORT = 0x8000;

    public TransformAttribute {
        IkeHeader.checkUnsigned(typeCode, 0x7fff, "attribute type");
        if (shortForm && value.length() != 2) {
            throw new IllegalArgumentException("a short-form attribute has a 2-byte value");
        }
        if (value.length() > 0xffff) {
            throw new IllegalArgumentException("attribute value longer than 65535 bytes");
        }
    }

    public static TransformAttribute keyLength(int bits) {
        IkeHeader.checkUnsigned(bits, 0xffff, "key length");
        return new TransformAttribute(KEY_LENGTH, true, Bytes.wrap(new byte[] {(byte) (bits >>> 8), (byte) bits}));
    }

    /** The value as an unsigned 16-bit number (short form). */
    public int shortValue() {
        return value.u16(0);
    }

    int encodedLength() {
        return shortForm ? 4 : 4 + value.length();
    }

    static TransformAttribute decode(WireReader r) throws IkeDecodeException {
        int typeAndFormat = r.u16("attribute type");
        int type = typeAndFormat & 0x7fff;
        if ((typeAndFormat & FORMAT_SHORT) != 0) {
            return new TransformAttribute(type, true, r.bytes(2, "attribute value"));
        }
        int length = r.u16("attribute length");
        return new TransformAttribute(type, false, r.bytes(length, "attribute value"));
    }

    void encode(ByteBuffer out) {
        if (shortForm) {
            out.putShort((short) (FORMAT_SHORT | typeCode));
        } else {
            out.putShort((short) typeCode).putShort((short) value.length());
        }
        value.writeTo(out);
    }
}
