package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A proposal substructure of an SA payload (RFC 7296 section 3.3.1).
 *
 * @param number         proposal number: 1 for the first, equal or one more than the previous
 * @param protocolIdCode {@link ProtocolId} code
 * @param spi            empty in IKE_SA_INIT, 8 bytes when rekeying an IKE SA, 4 bytes for ESP/AH
 */
public record Proposal(int number, int protocolIdCode, Bytes spi, List<Transform> transforms) {

    static final int LAST = 0;
    static final int MORE = 2;
    private static final int FIXED = 8;

    public Proposal {
        IkeHeader.checkUnsigned(number, 0xff, "proposal number");
        IkeHeader.checkUnsigned(protocolIdCode, 0xff, "protocol id");
        IkeHeader.checkUnsigned(spi.length(), 0xff, "SPI size");
        transforms = List.copyOf(transforms);
        IkeHeader.checkUnsigned(transforms.size(), 0xff, "transform count");
    }

    public static Proposal of(int number, ProtocolId protocol, Bytes spi, List<Transform> transforms) {
        return new Proposal(number, protocol.code(), spi, transforms);
    }

    public ProtocolId protocolId() {
        return ProtocolId.of(protocolIdCode);
    }

    /** The transforms of one type, in the order proposed. */
    public List<Transform> transforms(TransformType type) {
        return transforms.stream().filter(t -> t.typeCode() == type.code()).toList();
    }

    int encodedLength() {
        int length = FIXED + spi.length();
        for (Transform t : transforms) {
            length += t.encodedLength();
        }
        return length;
    }

    static Proposal decode(WireReader r, int start) throws IkeDecodeException {
        int number = r.u8("proposal number");
        int protocol = r.u8("protocol id");
        int spiSize = r.u8("SPI size");
        int count = r.u8("number of transforms");
        Bytes spi = r.bytes(spiSize, "SPI");
        List<Transform> transforms = new ArrayList<>(count);
        boolean last = false;
        while (r.remaining() > 0) {
            int at = r.offset();
            if (last) {
                throw r.syntax(at, "transform after the one marked last");
            }
            int marker = r.u8("transform last-substructure");
            if (marker != Transform.LAST && marker != Transform.MORE) {
                throw r.syntax(at, "transform last-substructure must be 0 or 3, is " + marker);
            }
            last = marker == Transform.LAST;
            r.skip(1, "transform reserved");
            int length = r.u16("transform length");
            if (length < Transform.FIXED) {
                throw new IkeDecodeException(DecodeError.INVALID_PAYLOAD_LENGTH, at + 2,
                        "transform length " + length + " is shorter than 8");
            }
            if (length - 4 > r.remaining()) {
                throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, at + 2, "transform length " + length
                        + " exceeds the proposal's remaining " + (r.remaining() + 4) + " bytes");
            }
            transforms.add(Transform.decode(r.sub(length - 4, "transform")));
        }
        if (!transforms.isEmpty() && !last) {
            throw r.syntax(start, "the proposal's last transform is not marked last");
        }
        if (transforms.size() != count) {
            throw r.syntax(start + 7, "proposal announces " + count + " transforms, holds " + transforms.size());
        }
        return new Proposal(number, protocol, spi, transforms);
    }

    void encode(ByteBuffer out, boolean last) {
        out.put((byte) (last ? LAST : MORE)).put((byte) 0).putShort((short) encodedLength())
                .put((byte) number).put((byte) protocolIdCode).put((byte) spi.length()).put((byte) transforms.size());
        spi.writeTo(out);
        for (int i = 0; i < transforms.size(); i++) {
            transforms.get(i).encode(out, i == transforms.size() - 1);
        }
    }
}
