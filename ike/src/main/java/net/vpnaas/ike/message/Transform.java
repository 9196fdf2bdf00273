package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** A transform substructure of a proposal (RFC 7296 section 3.3.2). */
public record Transform(int typeCode, int idCode, List<TransformAttribute> attributes) {

    static final int LAST = 0;
    static final int MORE = 3;
    static final int FIXED = 8;

    public Transform {
        IkeHeader.checkUnsigned(typeCode, 0xff, "transform type");
        IkeHeader.checkUnsigned(idCode, 0xffff, "transform id");
        attributes = List.copyOf(attributes);
    }

    public static Transform of(TransformType type, IanaCode id) {
        return new Transform(type.code(), id.code(), List.of());
    }

    public static Transform encryption(EncryptionAlgorithm algorithm, int keyLengthBits) {
        return new Transform(TransformType.ENCRYPTION.code(), algorithm.code(),
                List.of(TransformAttribute.keyLength(keyLengthBits)));
    }

    public static Transform encryption(EncryptionAlgorithm algorithm) {
        return of(TransformType.ENCRYPTION, algorithm);
    }

    public static Transform prf(PrfAlgorithm algorithm) {
        return of(TransformType.PRF, algorithm);
    }

    public static Transform integrity(IntegrityAlgorithm algorithm) {
        return of(TransformType.INTEGRITY, algorithm);
    }

    public static Transform keyExchange(KeyExchangeMethod method) {
        return of(TransformType.KEY_EXCHANGE, method);
    }

    public static Transform esn(EsnMode mode) {
        return of(TransformType.EXTENDED_SEQUENCE_NUMBERS, mode);
    }

    public TransformType type() {
        return TransformType.of(typeCode);
    }

    /**
     * The transform id in the registry its type uses (an {@link EncryptionAlgorithm}, {@link PrfAlgorithm},
     * ...). Additional key exchanges (RFC 9370) use the key exchange registry. For an unknown type this
     * returns {@link TransformType#UNKNOWN}; use {@link #idCode()} then.
     */
    public IanaCode algorithm() {
        return switch (type()) {
            case ENCRYPTION -> EncryptionAlgorithm.of(idCode);
            case PRF -> PrfAlgorithm.of(idCode);
            case INTEGRITY -> IntegrityAlgorithm.of(idCode);
            case EXTENDED_SEQUENCE_NUMBERS -> EsnMode.of(idCode);
            case KEY_EXCHANGE, ADDITIONAL_KEY_EXCHANGE_1, ADDITIONAL_KEY_EXCHANGE_2, ADDITIONAL_KEY_EXCHANGE_3,
                 ADDITIONAL_KEY_EXCHANGE_4, ADDITIONAL_KEY_EXCHANGE_5, ADDITIONAL_KEY_EXCHANGE_6,
                 ADDITIONAL_KEY_EXCHANGE_7 -> KeyExchangeMethod.of(idCode);
            case UNKNOWN -> TransformType.UNKNOWN;
        };
    }

    /** The Key Length attribute in bits, if present. */
    public OptionalInt keyLength() {
        for (TransformAttribute a : attributes) {
            if (a.typeCode() == TransformAttribute.KEY_LENGTH && a.shortForm()) {
                return OptionalInt.of(a.shortValue());
            }
        }
        return OptionalInt.empty();
    }

    int encodedLength() {
        int length = FIXED;
        for (TransformAttribute a : attributes) {
            length += a.encodedLength();
        }
        return length;
    }

    /** Decodes the transform after its substructure header (last marker, reserved, length). */
    static Transform decode(WireReader t) throws IkeDecodeException {
        int type = t.u8("transform type");
        t.skip(1, "transform reserved");
        int id = t.u16("transform id");
        List<TransformAttribute> attributes = List.of();
        if (t.remaining() > 0) {
            attributes = new ArrayList<>(1);
            while (t.remaining() > 0) {
                attributes.add(TransformAttribute.decode(t));
            }
        }
        return new Transform(type, id, attributes);
    }

    void encode(ByteBuffer out, boolean last) {
        out.put((byte) (last ? LAST : MORE)).put((byte) 0).putShort((short) encodedLength())
                .put((byte) typeCode).put((byte) 0).putShort((short) idCode);
        for (TransformAttribute a : attributes) {
            a.encode(out);
        }
    }
}
