package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * SKF payload (RFC 7383 section 2.5): one fragment of an encrypted message. Like SK, the content
 * (IV, ciphertext, ICV) is opaque to the codec.
 *
 * @param firstInnerPayloadType type of the first inner payload in fragment 1, 0 in the others
 */
public record EncryptedFragmentPayload(int firstInnerPayloadType, int fragmentNumber, int totalFragments,
                                       Bytes content) implements Payload {

    /** Fragment number and total fragments precede the encrypted content. */
    public static final int FIXED = 4;

    public EncryptedFragmentPayload {
        IkeHeader.checkUnsigned(firstInnerPayloadType, 0xff, "first inner payload type");
        if (totalFragments < 1 || totalFragments > 0xffff || fragmentNumber < 1 || fragmentNumber > totalFragments) {
            throw new IllegalArgumentException("fragment " + fragmentNumber + " of " + totalFragments);
        }
        if (fragmentNumber != 1 && firstInnerPayloadType != 0) {
            throw new IllegalArgumentException("only fragment 1 names the first inner payload");
        }
    }

    @Override
    public int typeCode() {
        return PayloadType.ENCRYPTED_FRAGMENT.code();
    }

    @Override
    public int bodyLength() {
        return FIXED + content.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.putShort((short) fragmentNumber).putShort((short) totalFragments);
        content.writeTo(out);
    }

    static EncryptedFragmentPayload decode(int firstInner, WireReader r, int bodyStart) throws IkeDecodeException {
        int number = r.u16("fragment number");
        int total = r.u16("total fragments");
        if (total == 0 || number == 0 || number > total) {
            throw r.syntax(bodyStart, "fragment " + number + " of " + total);
        }
        if (number != 1 && firstInner != 0) {
            throw r.syntax(bodyStart - 4, "fragment " + number + " names a first inner payload " + firstInner);
        }
        return new EncryptedFragmentPayload(firstInner, number, total, r.rest());
    }
}
