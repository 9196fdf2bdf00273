package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain of payloads linked by their "next payload" fields: the payloads of a message, or the
 * decrypted inner payloads of an SK payload or of reassembled SKF fragments.
 */
public final class PayloadChain {

    public static final int GENERIC_HEADER = 4;
    private static final int CRITICAL = 0x80;

    private PayloadChain() {
    }

    /**
     * Decodes a decrypted inner payload chain (the plaintext of SK, padding already removed).
     * Offsets in errors count from the start of {@code chain}. An SK or SKF inside is an error.
     */
    public static List<Payload> decode(int firstPayloadType, Bytes chain) throws IkeDecodeException {
        return decode(firstPayloadType, WireReader.over(chain), false);
    }

    static List<Payload> decode(int firstPayloadType, WireReader r, boolean encryptedAllowed)
            throws IkeDecodeException {
        List<Payload> payloads = new ArrayList<>(8);
        int type = firstPayloadType;
        while (type != PayloadType.NONE.code()) {
            int start = r.offset();
            if (r.remaining() < GENERIC_HEADER) {
                throw new IkeDecodeException(DecodeError.TRUNCATED_PAYLOAD, start, type,
                        "payload " + type + " announced but only " + r.remaining() + " bytes left");
            }
            int next = r.u8("next payload");
            boolean critical = (r.u8("flags") & CRITICAL) != 0;
            int length = r.u16("payload length");
            if (length < GENERIC_HEADER) {
                throw new IkeDecodeException(DecodeError.INVALID_PAYLOAD_LENGTH, start + 2, type,
                        "payload length " + length + " is shorter than the generic header");
            }
            if (length - GENERIC_HEADER > r.remaining()) {
                throw new IkeDecodeException(DecodeError.TRUNCATED_PAYLOAD, start + 2, type,
                        "payload length " + length + " exceeds the " + (r.remaining() + GENERIC_HEADER)
                                + " bytes left");
            }
            WireReader body = r.sub(length - GENERIC_HEADER, "payload body");
            PayloadType known = PayloadType.of(type);
            Payload payload = switch (known) {
                case SECURITY_ASSOCIATION -> SecurityAssociationPayload.decode(body);
                case KEY_EXCHANGE -> KeyExchangePayload.decode(body);
                case IDENTIFICATION_INITIATOR, IDENTIFICATION_RESPONDER ->
                        IdentificationPayload.decode(known == PayloadType.IDENTIFICATION_INITIATOR, body);
                case CERTIFICATE -> CertificatePayload.decode(body);
                case CERTIFICATE_REQUEST -> CertificateRequestPayload.decode(body);
                case AUTHENTICATION -> AuthenticationPayload.decode(body);
                case NONCE -> NoncePayload.decode(body);
                case NOTIFY -> NotifyPayload.decode(body);
                case DELETE -> DeletePayload.decode(body);
                case VENDOR_ID -> VendorIdPayload.decode(body);
                case TRAFFIC_SELECTOR_INITIATOR, TRAFFIC_SELECTOR_RESPONDER ->
                        TrafficSelectorPayload.decode(known == PayloadType.TRAFFIC_SELECTOR_INITIATOR, body);
                case CONFIGURATION -> ConfigurationPayload.decode(body);
                case EAP -> EapPayload.decode(body);
                case GSPM -> GspmPayload.decode(body);
                case PUZZLE_SOLUTION -> PuzzleSolutionPayload.decode(body);
                case ENCRYPTED, ENCRYPTED_FRAGMENT -> {
                    if (!encryptedAllowed) {
                        throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, start, type,
                                "an encrypted payload inside an encrypted payload");
                    }
                    yield known == PayloadType.ENCRYPTED ? EncryptedPayload.decode(next, body)
                            : EncryptedFragmentPayload.decode(next, body, start + 4);
                }
                default -> {
                    if (critical) {
                        throw new IkeDecodeException(DecodeError.UNSUPPORTED_CRITICAL_PAYLOAD, start, type,
                                "payload type " + type + " is not supported and marked critical");
                    }
                    yield new UnknownPayload(type, body.rest());
                }
            };
            body.expectEnd("payload body");
            payloads.add(payload);
            if (payload instanceof EncryptedPayload || payload instanceof EncryptedFragmentPayload) {
                // The encrypted payload's "next payload" names its first inner payload; it ends the chain.
                if (r.remaining() != 0) {
                    throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, r.offset(),
                            r.remaining() + " bytes follow the encrypted payload, which must be last");
                }
                break;
            }
            type = next;
        }
        if (r.remaining() != 0) {
            throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, r.offset(),
                    r.remaining() + " bytes follow the last payload");
        }
        return List.copyOf(payloads);
    }

    /** Encoded length of the chain including each generic payload header. */
    public static int length(List<? extends Payload> payloads) {
        int total = 0;
        for (Payload p : payloads) {
            total += GENERIC_HEADER + p.bodyLength();
        }
        return total;
    }

    /** Type code to put in the field that points at this chain (header or SK "next payload"). */
    public static int firstType(List<? extends Payload> payloads) {
        return payloads.isEmpty() ? PayloadType.NONE.code() : payloads.getFirst().typeCode();
    }

    /** Encodes an inner chain, e.g. to encrypt it into SK or split it into SKF fragments. */
    public static byte[] encode(List<? extends Payload> payloads) {
        ByteBuffer out = ByteBuffer.allocate(length(payloads));
        encode(payloads, out);
        return out.array();
    }

    static void encode(List<? extends Payload> payloads, ByteBuffer out) {
        encode(payloads, PayloadType.NONE.code(), out);
    }

    /**
     * Encodes a chain whose last payload is followed by one of type {@code nextAfterLast} written
     * separately: the payloads in the clear before an SK or SKF payload (RFC 8019 7.2.2: PS).
     */
    static void encode(List<? extends Payload> payloads, int nextAfterLast, ByteBuffer out) {
        for (int i = 0; i < payloads.size(); i++) {
            Payload p = payloads.get(i);
            int next = switch (p) {
                case EncryptedPayload sk -> sk.firstInnerPayloadType();
                case EncryptedFragmentPayload skf -> skf.firstInnerPayloadType();
                default -> i + 1 < payloads.size() ? payloads.get(i + 1).typeCode() : nextAfterLast;
            };
            int length = GENERIC_HEADER + p.bodyLength();
            if (length > 0xffff) {
                throw new IllegalArgumentException("payload " + p.type() + " is longer than 65535 bytes");
            }
            out.put((byte) next).put((byte) 0).putShort((short) length);
            p.encodeBody(out);
        }
    }
}
