package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Delete payload (RFC 7296 section 3.11): for IKE no SPI (the header names the SA), for ESP and AH
 * a list of 4-byte SPIs.
 */
public record DeletePayload(int protocolIdCode, int spiSize, List<Bytes> spis) implements Payload {

    public DeletePayload {
        IkeHeader.checkUnsigned(protocolIdCode, 0xff, "protocol id");
        IkeHeader.checkUnsigned(spiSize, 0xff, "SPI size");
        spis = List.copyOf(spis);
        IkeHeader.checkUnsigned(spis.size(), 0xffff, "SPI count");
        for (Bytes spi : spis) {
            if (spi.length() != spiSize) {
                throw new IllegalArgumentException("every SPI must be " + spiSize + " bytes");
            }
        }
    }

    public static DeletePayload ikeSa() {
        return new DeletePayload(ProtocolId.IKE.code(), 0, List.of());
    }

    public static DeletePayload childSas(ProtocolId protocol, List<Bytes> spis) {
        return new DeletePayload(protocol.code(), 4, spis);
    }

    public ProtocolId protocolId() {
        return ProtocolId.of(protocolIdCode);
    }

    @Override
    public int typeCode() {
        return PayloadType.DELETE.code();
    }

    @Override
    public int bodyLength() {
        return 4 + spiSize * spis.size();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.put((byte) protocolIdCode).put((byte) spiSize).putShort((short) spis.size());
        for (Bytes spi : spis) {
            spi.writeTo(out);
        }
    }

    static DeletePayload decode(WireReader r) throws IkeDecodeException {
        int start = r.offset();
        int protocol = r.u8("protocol id");
        int spiSize = r.u8("SPI size");
        int count = r.u16("number of SPIs");
        int expectedSize = switch (ProtocolId.of(protocol)) {
            case IKE -> 0;
            case AH, ESP -> 4;
            default -> throw r.syntax(start, "delete for protocol " + protocol);
        };
        if (spiSize != expectedSize) {
            throw r.syntax(start + 1, "SPI size " + spiSize + " for protocol " + ProtocolId.of(protocol));
        }
        if (count * spiSize != r.remaining()) {
            throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, start + 2,
                    count + " SPIs of " + spiSize + " bytes announced, " + r.remaining() + " bytes present");
        }
        List<Bytes> spis = new ArrayList<>(spiSize == 0 ? 0 : count);
        for (int i = 0; spiSize > 0 && i < count; i++) {
            spis.add(r.bytes(spiSize, "SPI"));
        }
        if (spiSize == 0 && count != 0) {
            throw r.syntax(start + 2, "an IKE SA delete carries no SPIs, announces " + count);
        }
        return new DeletePayload(protocol, spiSize, spis);
    }
}
