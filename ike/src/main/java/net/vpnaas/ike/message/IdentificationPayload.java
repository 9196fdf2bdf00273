package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * IDi or IDr payload (RFC 7296 section 3.5). The data is kept as sent; for IPV4_ADDR and IPV6_ADDR
 * its length is checked, the other types (FQDN, RFC822_ADDR, DER_ASN1_DN, DER_ASN1_GN, KEY_ID, ...)
 * are opaque to the codec.
 *
 * <p>The AUTH computation signs "RestOfIDPayload": the body exactly as the peer sent it, reserved
 * bytes included. Senders must zero them, but one that does not still signed what it sent, so the
 * 24 reserved bits are kept ({@code reserved}) and {@link #restOfPayload()} returns the exact body.
 */
public record IdentificationPayload(boolean initiator, int idTypeCode, Bytes data, int reserved) implements Payload {

    public IdentificationPayload {
        IkeHeader.checkUnsigned(idTypeCode, 0xff, "ID type");
        IkeHeader.checkUnsigned(reserved, 0xffffff, "reserved");
    }

    /** An ID with the reserved bytes zero, as senders must write them. */
    public IdentificationPayload(boolean initiator, int idTypeCode, Bytes data) {
        this(initiator, idTypeCode, data, 0);
    }

    public static IdentificationPayload of(boolean initiator, IdType type, Bytes data) {
        return new IdentificationPayload(initiator, type.code(), data);
    }

    /** ID type, reserved bytes and data: the RestOfInitIDPayload / RestOfRespIDPayload of RFC 7296 section 2.15. */
    public Bytes restOfPayload() {
        ByteBuffer body = ByteBuffer.allocate(bodyLength());
        encodeBody(body);
        return Bytes.wrap(body.array());
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
        out.putInt(idTypeCode << 24 | reserved);
        data.writeTo(out);
    }

    static IdentificationPayload decode(boolean initiator, WireReader r) throws IkeDecodeException {
        int start = r.offset();
        long typeAndReserved = r.u32("ID type and reserved");
        int type = (int) (typeAndReserved >>> 24);
        int reserved = (int) (typeAndReserved & 0xffffff);
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
        return new IdentificationPayload(initiator, type, data, reserved);
    }
}
