package net.vpnaas.dataplane.esp;

import java.nio.ByteBuffer;

/**
 * The cryptographic part of ESP (RFC 4303 section 3.3.2 / 3.4.4) for one direction of one SA.
 * The caller owns the framing: the 8-byte ESP header (SPI, low 32 bits of the sequence number)
 * is at index 0 of the packet buffer, followed by IV, ciphertext and ICV. Not thread-safe.
 */
public sealed interface EspCipher permits AeadCipher, CbcHmacCipher {

    int ivLength();

    int icvLength();

    /** The payload plus trailer must be a multiple of this (4 for AEAD, the block size for CBC). */
    int alignment();

    /**
     * Encrypts {@code plain} (payload, padding, pad length, next header; consumed) into
     * {@code packet} after the ESP header, writing IV, ciphertext and ICV.
     *
     * @param seq 64-bit sequence number; its high half enters the AAD/ICV only when {@code esn}
     * @return the length of the whole ESP packet
     */
    int seal(long seq, boolean esn, ByteBuffer plain, ByteBuffer packet);

    /**
     * Verifies and decrypts the ESP packet in {@code packet[0, length)} into {@code plainOut}
     * (from its index 0).
     *
     * @param seq the full sequence number inferred by the replay window (high half used with ESN)
     * @return the plaintext length (payload and trailer), or -1 when the ICV does not verify
     */
    int open(long seq, boolean esn, ByteBuffer packet, int length, ByteBuffer plainOut);

    /** Encrypts with an explicit 8-byte IV: only for published test vectors whose IV is not the sequence number. */
    int sealWithIv(long seq, boolean esn, long iv, ByteBuffer plain, ByteBuffer packet);
}
