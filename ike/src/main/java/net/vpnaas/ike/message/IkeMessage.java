package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An IKE message: the header and its payloads in wire order. A message with an SK or SKF payload
 * lists that payload last, still encrypted; see {@link EncryptedPayload}.
 *
 * <p>A class rather than a record because a decoded message keeps the bytes it was decoded from
 * ({@link #wire()}): AUTH signs the IKE_SA_INIT message as received, and the associated data of SK
 * must be the received bytes, not a re-encoding. Equality ignores those bytes: two messages are
 * equal when header and payloads are.
 */
public final class IkeMessage {

    private final IkeHeader header;
    private final List<Payload> payloads;
    private final Bytes wire;

    private IkeMessage(IkeHeader header, List<Payload> payloads, Bytes wire) {
        this.header = header;
        this.payloads = payloads;
        this.wire = wire;
    }

    /**
     * A message to send. The header's next payload and length are computed from the payloads; an
     * SK or SKF payload may only come last.
     */
    public static IkeMessage of(IkeHeader header, List<? extends Payload> payloads) {
        List<Payload> copy = List.copyOf(payloads);
        for (int i = 0; i < copy.size() - 1; i++) {
            if (copy.get(i) instanceof EncryptedPayload || copy.get(i) instanceof EncryptedFragmentPayload) {
                throw new IllegalArgumentException("an encrypted payload must be the last payload");
            }
        }
        long length = IkeHeader.LENGTH + (long) PayloadChain.length(copy);
        return new IkeMessage(header.withChain(PayloadChain.firstType(copy), length), copy, null);
    }

    /** Decodes a datagram (without the non-ESP marker). Takes ownership: the array must not change later. */
    public static IkeMessage decode(byte[] datagram) throws IkeDecodeException {
        if (datagram.length < IkeHeader.LENGTH) {
            throw new IkeDecodeException(DecodeError.TRUNCATED_HEADER, datagram.length,
                    datagram.length + " bytes, the IKE header alone is " + IkeHeader.LENGTH);
        }
        WireReader r = new WireReader(datagram, 0, 0, datagram.length);
        IkeHeader header = IkeHeader.decode(r);
        if (header.length() != datagram.length) {
            throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, 24,
                    "header length " + header.length() + ", datagram " + datagram.length + " bytes");
        }
        List<Payload> payloads = PayloadChain.decode(header.nextPayload(), r, true);
        return new IkeMessage(header, payloads, Bytes.wrap(datagram));
    }

    /** Decodes the remaining bytes of {@code datagram}, copying them once (the buffer may be reused). */
    public static IkeMessage decode(ByteBuffer datagram) throws IkeDecodeException {
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        return decode(copy);
    }

    public IkeHeader header() {
        return header;
    }

    public List<Payload> payloads() {
        return payloads;
    }

    /** The bytes this message was decoded from; empty for a message built with {@link #of}. */
    public Optional<Bytes> wire() {
        return Optional.ofNullable(wire);
    }

    public <T extends Payload> List<T> payloads(Class<T> type) {
        List<T> found = new ArrayList<>(2);
        for (Payload p : payloads) {
            if (type.isInstance(p)) {
                found.add(type.cast(p));
            }
        }
        return found;
    }

    public <T extends Payload> Optional<T> first(Class<T> type) {
        for (Payload p : payloads) {
            if (type.isInstance(p)) {
                return Optional.of(type.cast(p));
            }
        }
        return Optional.empty();
    }

    public Optional<NotifyPayload> notify(NotifyType type) {
        return notify(type, payloads);
    }

    /** The first notification of {@code type} in a payload list, e.g. the decrypted inner payloads. */
    public static Optional<NotifyPayload> notify(NotifyType type, List<Payload> payloads) {
        for (Payload p : payloads) {
            if (p instanceof NotifyPayload n && n.notifyTypeCode() == type.code()) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** The SK or SKF payload, which is always the last one. */
    public Optional<Payload> encryptedPayload() {
        if (payloads.isEmpty()) {
            return Optional.empty();
        }
        Payload last = payloads.getLast();
        return last instanceof EncryptedPayload || last instanceof EncryptedFragmentPayload
                ? Optional.of(last) : Optional.empty();
    }

    /**
     * For a received message ending in SK or SKF: the received bytes in front of the encrypted content
     * (header, any payloads before it, the SK/SKF generic header, and for SKF the fragment number and
     * total). That is the AEAD associated data; the integrity check of a non-AEAD suite covers these
     * bytes followed by the content without its ICV.
     */
    public Bytes associatedData() {
        if (wire == null) {
            throw new IllegalStateException("only a decoded message has received bytes");
        }
        Payload encrypted = encryptedPayload()
                .orElseThrow(() -> new IllegalStateException("the message has no SK or SKF payload"));
        int contentLength = switch (encrypted) {
            case EncryptedPayload sk -> sk.content().length();
            case EncryptedFragmentPayload skf -> skf.content().length();
            default -> throw new AssertionError(encrypted);
        };
        return wire.slice(0, wire.length() - contentLength);
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(header.length()));
        header.encode(out);
        PayloadChain.encode(payloads, out);
        return out.array();
    }

    /**
     * Encodes a message whose payloads all go inside SK: the header, the SK payload, and content
     * the {@code protector} produces from the encoded inner chain.
     */
    public static byte[] encodeProtected(IkeHeader header, List<? extends Payload> inner, PayloadProtector protector) {
        return encodeProtected(header, List.of(), inner, protector);
    }

    /**
     * HDR, {@code clear}..., SK {{@code inner}}: the payloads in {@code clear} go in front of the SK payload,
     * unencrypted but covered by its integrity check (RFC 8019 7.2.2: the PS of an IKE_AUTH request).
     */
    public static byte[] encodeProtected(IkeHeader header, List<? extends Payload> clear, List<? extends Payload> inner,
                                         PayloadProtector protector) {
        byte[] plaintext = PayloadChain.encode(inner);
        int contentLength = protector.protectedLength(plaintext.length);
        int skLength = PayloadChain.GENERIC_HEADER + contentLength;
        if (skLength > 0xffff) {
            throw new IllegalArgumentException("SK payload of " + skLength + " bytes, fragment the message instead");
        }
        byte[] message = new byte[IkeHeader.LENGTH + PayloadChain.length(clear) + skLength];
        ByteBuffer out = ByteBuffer.wrap(message);
        header.withChain(clear.isEmpty() ? PayloadType.ENCRYPTED.code() : PayloadChain.firstType(clear), message.length).encode(out);
        PayloadChain.encode(clear, PayloadType.ENCRYPTED.code(), out);
        out.put((byte) PayloadChain.firstType(inner)).put((byte) 0).putShort((short) skLength);
        protector.protect(message, out.position(), Bytes.wrap(plaintext));
        return message;
    }

    /**
     * The octets of an IKE_INTERMEDIATE message that RFC 9242 section 3.3.2 authenticates:
     * IntAuth_A (the IKE header and the Encrypted payload's header) | IntAuth_P (the inner payloads in
     * the clear), with both length fields counting only these octets (no IV, padding or ICV), and a
     * fragmented message taken as the one SK message it would have been. Both sides compute them the
     * same way from what they send and what they decrypt.
     */
    public static byte[] intermediateAuthenticatedOctets(IkeHeader header, int firstInnerPayloadType, Bytes innerChain) {
        int skLength = PayloadChain.GENERIC_HEADER + innerChain.length();
        byte[] out = new byte[IkeHeader.LENGTH + skLength];
        ByteBuffer b = ByteBuffer.wrap(out);
        header.withChain(PayloadType.ENCRYPTED.code(), out.length).encode(b);
        b.put((byte) firstInnerPayloadType).put((byte) 0).putShort((short) skLength);
        innerChain.writeTo(b);
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IkeMessage m && header.equals(m.header) && payloads.equals(m.payloads);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, payloads);
    }

    @Override
    public String toString() {
        return "IkeMessage[" + header + ", " + payloads + "]";
    }
}
