package net.vpnaas.dataplane.esp;

import java.nio.ByteBuffer;

/**
 * The ESP trailer inside the ciphertext (RFC 4303 section 2.4-2.6): padding bytes 1, 2, 3, ...,
 * the pad length and the next header. Next header 4 is an IPv4 packet, 41 IPv6, 59 a dummy.
 */
public final class EspTrailer {
    public static final int NEXT_HEADER_IPV4 = 4;
    public static final int NEXT_HEADER_IPV6 = 41;
    public static final int NEXT_HEADER_NONE = 59;

    private EspTrailer() {}

    /** Bytes the trailer adds to a payload of this length (minimal padding for the alignment). */
    public static int length(int payloadLength, int alignment) {
        int unpadded = payloadLength + 2;
        return 2 + (alignment - unpadded % alignment) % alignment;
    }

    /** Writes the trailer after {@code payloadLength} bytes of {@code buf}; returns the padded length. */
    public static int append(ByteBuffer buf, int payloadLength, int nextHeader, int alignment) {
        int trailer = length(payloadLength, alignment);
        int padLength = trailer - 2;
        for (int i = 1; i <= padLength; i++) buf.put(payloadLength + i - 1, (byte) i);
        buf.put(payloadLength + padLength, (byte) padLength);
        buf.put(payloadLength + padLength + 1, (byte) nextHeader);
        return payloadLength + trailer;
    }

    /**
     * Length of the payload inside a decrypted {@code plain[0, plainLength)}, or -1 when the pad
     * length is impossible or the padding bytes are not 1, 2, 3, ... (RFC 4303 2.4 lets the
     * receiver check this; a mismatch means a wrong key or a broken sender).
     */
    public static int payloadLength(ByteBuffer plain, int plainLength) {
        if (plainLength < 2) return -1;
        int padLength = plain.get(plainLength - 2) & 0xFF;
        int payloadLength = plainLength - 2 - padLength;
        if (payloadLength < 0) return -1;
        for (int i = 1; i <= padLength; i++) {
            if ((plain.get(payloadLength + i - 1) & 0xFF) != i) return -1;
        }
        return payloadLength;
    }

    public static int nextHeader(ByteBuffer plain, int plainLength) {
        return plain.get(plainLength - 1) & 0xFF;
    }
}
