package net.vpnaas.ike.message;

/**
 * Encryption and integrity protection of an SK or SKF payload, implemented by the engine with the
 * IKE SA's negotiated algorithms and keys. The codec lays out the message; the protector fills in
 * the encrypted content.
 */
public interface PayloadProtector {

    /**
     * Length of the protected content (IV, ciphertext including padding and pad length, ICV) for a
     * plaintext inner payload chain of {@code plaintextLength} bytes. Must not decrease as the
     * plaintext grows.
     */
    int protectedLength(int plaintextLength);

    /**
     * Encrypts {@code plaintext} into {@code message[contentOffset, message.length)}, exactly
     * {@code protectedLength(plaintext.length())} bytes. {@code message[0, contentOffset)} is already
     * final: the header, the SK/SKF generic header (and for SKF the fragment number and total) are
     * the AEAD associated data; for a separate integrity algorithm the ICV covers
     * {@code message[0, message.length - icvLength)}.
     */
    void protect(byte[] message, int contentOffset, Bytes plaintext);
}
