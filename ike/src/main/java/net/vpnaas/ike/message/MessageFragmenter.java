package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a protected message into SKF fragments (RFC 7383 section 2.5): the inner payload chain
 * is encoded once, cut into pieces that each fit {@code maxMessageLength} after protection, and
 * every piece becomes a message of its own with header, SKF header and protected content.
 */
public final class MessageFragmenter {

    /** IKE header, SKF generic header, fragment number and total fragments. */
    public static final int OVERHEAD = IkeHeader.LENGTH + PayloadChain.GENERIC_HEADER + EncryptedFragmentPayload.FIXED;

    private MessageFragmenter() {
    }

    /**
     * @param maxMessageLength the largest IKE message (UDP payload, without the non-ESP marker) to produce
     * @return the fragment messages in order, fragment 1 first
     * @throws IllegalArgumentException if not even one plaintext byte fits, or more than 65535 fragments are needed
     */
    public static List<byte[]> fragment(IkeHeader header, List<? extends Payload> inner, int maxMessageLength,
                                        PayloadProtector protector) {
        return fragment(header, List.of(), inner, maxMessageLength, protector);
    }

    /**
     * As {@link #fragment(IkeHeader, List, int, PayloadProtector)}, with {@code clear} in front of the SKF
     * payload of fragment 1 only (RFC 8019 7.2.2: the PS of an IKE_AUTH request goes in the first fragment),
     * covered by its integrity check. Every fragment's plaintext is cut to what fragment 1 can carry besides.
     */
    public static List<byte[]> fragment(IkeHeader header, List<? extends Payload> clear, List<? extends Payload> inner,
                                        int maxMessageLength, PayloadProtector protector) {
        byte[] plaintext = PayloadChain.encode(inner);
        int clearLength = PayloadChain.length(clear);
        int chunk = largestPlaintext(maxMessageLength - OVERHEAD - clearLength, protector);
        int total = Math.max(1, (plaintext.length + chunk - 1) / chunk);
        if (total > 0xffff) {
            throw new IllegalArgumentException(total + " fragments needed, at most 65535 allowed");
        }
        List<byte[]> fragments = new ArrayList<>(total);
        for (int number = 1; number <= total; number++) {
            int from = (number - 1) * chunk;
            int length = Math.min(chunk, plaintext.length - from);
            int contentLength = protector.protectedLength(length);
            List<? extends Payload> before = number == 1 ? clear : List.of();
            int beforeLength = PayloadChain.length(before);
            byte[] message = new byte[OVERHEAD + beforeLength + contentLength];
            ByteBuffer out = ByteBuffer.wrap(message);
            header.withChain(before.isEmpty() ? PayloadType.ENCRYPTED_FRAGMENT.code() : PayloadChain.firstType(before), message.length)
                    .encode(out);
            PayloadChain.encode(before, PayloadType.ENCRYPTED_FRAGMENT.code(), out);
            int firstInner = number == 1 ? PayloadChain.firstType(inner) : PayloadType.NONE.code();
            out.put((byte) firstInner).put((byte) 0)
                    .putShort((short) (PayloadChain.GENERIC_HEADER + EncryptedFragmentPayload.FIXED + contentLength))
                    .putShort((short) number).putShort((short) total);
            protector.protect(message, OVERHEAD + beforeLength, Bytes.wrap(plaintext, from, length));
            fragments.add(message);
        }
        return fragments;
    }

    /** The largest plaintext whose protected form fits {@code budget} bytes (protectedLength is monotonic). */
    private static int largestPlaintext(int budget, PayloadProtector protector) {
        if (budget < 1 || protector.protectedLength(1) > budget) {
            throw new IllegalArgumentException("a fragment of " + (budget + OVERHEAD)
                    + " bytes cannot carry any plaintext");
        }
        int low = 1;
        int high = budget;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (protector.protectedLength(mid) <= budget) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
