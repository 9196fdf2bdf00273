package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/** Notify payload (RFC 7296 section 3.10). */
public record NotifyPayload(int protocolIdCode, Bytes spi, int notifyTypeCode, Bytes data) implements Payload {

    public NotifyPayload {
        IkeHeader.checkUnsigned(protocolIdCode, 0xff, "protocol id");
        IkeHeader.checkUnsigned(spi.length(), 0xff, "SPI size");
        IkeHeader.checkUnsigned(notifyTypeCode, 0xffff, "notify type");
    }

    /** A notification not about a particular SA (protocol 0, no SPI). */
    public static NotifyPayload of(NotifyType type, Bytes data) {
        return new NotifyPayload(ProtocolId.NONE.code(), Bytes.EMPTY, type.code(), data);
    }

    public static NotifyPayload of(NotifyType type) {
        return of(type, Bytes.EMPTY);
    }

    public NotifyType notifyType() {
        return NotifyType.of(notifyTypeCode);
    }

    public ProtocolId protocolId() {
        return ProtocolId.of(protocolIdCode);
    }

    public boolean isError() {
        return NotifyType.isError(notifyTypeCode);
    }

    @Override
    public int typeCode() {
        return PayloadType.NOTIFY.code();
    }

    @Override
    public int bodyLength() {
        return 4 + spi.length() + data.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.put((byte) protocolIdCode).put((byte) spi.length()).putShort((short) notifyTypeCode);
        spi.writeTo(out);
        data.writeTo(out);
    }

    static NotifyPayload decode(WireReader r) throws IkeDecodeException {
        int protocol = r.u8("protocol id");
        int spiSize = r.u8("SPI size");
        int type = r.u16("notify message type");
        Bytes spi = r.bytes(spiSize, "notify SPI");
        return new NotifyPayload(protocol, spi, type, r.rest());
    }
}
