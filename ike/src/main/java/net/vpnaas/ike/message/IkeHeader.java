package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * The IKE header (RFC 7296 section 3.1).
 *
 * @param initiatorSpi    the SPI chosen by the original initiator of the IKE SA
 * @param responderSpi    the SPI chosen by the original responder (0 in the first IKE_SA_INIT request)
 * @param nextPayload     type code of the first payload; {@link IkeMessage} computes it when it encodes
 * @param majorVersion    2 for IKEv2
 * @param minorVersion    0 for RFC 7296 implementations, ignored on receipt
 * @param exchangeTypeCode exchange type code as on the wire (see {@link #exchangeType()})
 * @param initiator       flag I: sent by the original initiator of the IKE SA
 * @param higherVersion   flag V: the sender can speak a higher major version
 * @param response        flag R: this message is a response
 * @param messageId       unsigned 32-bit message id
 * @param length          total message length; {@link IkeMessage} computes it when it encodes
 */
public record IkeHeader(long initiatorSpi, long responderSpi, int nextPayload, int majorVersion, int minorVersion,
                        int exchangeTypeCode, boolean initiator, boolean higherVersion, boolean response,
                        long messageId, long length) {

    public static final int LENGTH = 28;
    static final int FLAG_INITIATOR = 0x08;
    static final int FLAG_VERSION = 0x10;
    static final int FLAG_RESPONSE = 0x20;

    public IkeHeader {
        checkUnsigned(nextPayload, 0xff, "nextPayload");
        checkUnsigned(majorVersion, 0xf, "majorVersion");
        checkUnsigned(minorVersion, 0xf, "minorVersion");
        checkUnsigned(exchangeTypeCode, 0xff, "exchangeTypeCode");
        if (messageId < 0 || messageId > 0xffff_ffffL) {
            throw new IllegalArgumentException("messageId is unsigned 32-bit: " + messageId);
        }
        if (length < 0 || length > 0xffff_ffffL) {
            throw new IllegalArgumentException("length is unsigned 32-bit: " + length);
        }
    }

    /** A version 2.0 header; next payload and length are filled in when the message is encoded. */
    public static IkeHeader of(long initiatorSpi, long responderSpi, ExchangeType exchangeType,
                               boolean initiator, boolean response, long messageId) {
        return new IkeHeader(initiatorSpi, responderSpi, 0, 2, 0, exchangeType.code(), initiator, false,
                response, messageId, 0);
    }

    public ExchangeType exchangeType() {
        return ExchangeType.of(exchangeTypeCode);
    }

    IkeHeader withChain(int firstPayload, long messageLength) {
        return new IkeHeader(initiatorSpi, responderSpi, firstPayload, majorVersion, minorVersion, exchangeTypeCode,
                initiator, higherVersion, response, messageId, messageLength);
    }

    static IkeHeader decode(WireReader r) throws IkeDecodeException {
        long ispi = r.u64("initiator SPI");
        long rspi = r.u64("responder SPI");
        int next = r.u8("next payload");
        int version = r.u8("version");
        int major = version >>> 4;
        if (major != 2) {
            throw new IkeDecodeException(DecodeError.INVALID_MAJOR_VERSION, 17, major,
                    "major version " + major + ", only 2 is supported");
        }
        int exchange = r.u8("exchange type");
        int flags = r.u8("flags");
        long messageId = r.u32("message id");
        long length = r.u32("length");
        // Unassigned flag bits are ignored on receipt (RFC 7296 section 3.1).
        return new IkeHeader(ispi, rspi, next, major, version & 0xf, exchange, (flags & FLAG_INITIATOR) != 0,
                (flags & FLAG_VERSION) != 0, (flags & FLAG_RESPONSE) != 0, messageId, length);
    }

    void encode(ByteBuffer out) {
        out.putLong(initiatorSpi).putLong(responderSpi).put((byte) nextPayload)
                .put((byte) (majorVersion << 4 | minorVersion)).put((byte) exchangeTypeCode)
                .put((byte) ((initiator ? FLAG_INITIATOR : 0) | (higherVersion ? FLAG_VERSION : 0)
                        | (response ? FLAG_RESPONSE : 0)))
                .putInt((int) messageId).putInt((int) length);
    }

    static void checkUnsigned(int value, int max, String name) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be in 0.." + max + ": " + value);
        }
    }
}
