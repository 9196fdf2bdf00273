package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * IDi or IDr payload (RFC 7296 section 3.5). The data is kept as sent; for IPV4_ADDR and IPV6_ADDR
 * its length is checked, the other types (FQDN, RFC822_ADDR, DER_ASN1_DN, DER_ASN1_GN, KEY_ID, ...)
 * are opaque to the codec. The AUTH computation needs the body exactly as received, which
 * {@link #encodeBody} reproduces.
 */
public record IdentificationPayload(boolean initiator, int idTypeCode, Bytes data) implements Payload {

    public IdentificationPayload {
        IkeHeader.checkUnsigned(idTypeCode, 0xff, "ID type");
    }

    public static IdentificationPayload of(boolean initiator, IdType type, Bytes data) {
        return new IdentificationPayload(initiator, type.code(), data);
    }

    public IdType idType() {
        return IdType.of(idTypeCode);
    }

    @Override
    public int typeCode() {
        return (initiator ? PayloadType.IDENTIFICATION_INITIATOR : PayloadType.IDENTIFICATION_RESPONDER).code();
    }

    @Override
    public int bodyLength() {
        return 4 + data.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.put((byte) idTypeCode).put((byte) 0).putShort((short) 0);
        data.writeTo(out);
    }

    static IdentificationPayload decode(boolean initiator, WireReader r) throws IkeDecodeException {
        int start = r.offset();
        int type = r.u8("ID type");
        r.skip(3, "ID reserved");
        Bytes data = r.rest();
        int expected = switch (IdType.of(type)) {
            case IPV4_ADDR -> 4;
            case IPV6_ADDR -> 16;
            case NULL -> 0;
            default -> -1;
        };
        if (expected >= 0 && data.length() != expected) {
            throw r.syntax(start, "ID type " + IdType.of(type) + " needs " + expected + " bytes of data, has "
                    + data.length());
        }
        return new IdentificationPayload(initiator, type, data);
    }
}
