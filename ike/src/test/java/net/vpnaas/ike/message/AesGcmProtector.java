package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test seam standing in for the engine's protector: real AES-256-GCM as RFC 5282 uses it in SK
 * (4-byte salt + 8-byte explicit IV, 16-byte ICV, associated data = everything before the IV),
 * so the tests check that the codec's layout and associated data work with real AEAD.
 */
final class AesGcmProtector implements PayloadProtector {

    private static final int IV = 8;
    private static final int ICV = 16;
    private final SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
    private final byte[] salt = {1, 2, 3, 4};
    private long counter;

    @Override
    public int protectedLength(int plaintextLength) {
        return IV + plaintextLength + 1 + ICV; // no padding needed, one pad-length byte
    }

    @Override
    public void protect(byte[] message, int contentOffset, Bytes plaintext) {
        try {
            byte[] iv = ByteBuffer.allocate(IV).putLong(++counter).array();
            System.arraycopy(iv, 0, message, contentOffset, IV);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(ICV * 8, nonce(iv)));
            c.updateAAD(message, 0, contentOffset);
            byte[] padded = new byte[plaintext.length() + 1];
            plaintext.copyTo(padded, 0);
            c.doFinal(padded, 0, padded.length, message, contentOffset + IV);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decrypts the content of a received SK/SKF with the associated data the codec gives. */
    Bytes open(Bytes associatedData, Bytes content) throws GeneralSecurityException {
        byte[] iv = content.slice(0, IV).toByteArray();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(ICV * 8, nonce(iv)));
        c.updateAAD(associatedData.toByteArray());
        byte[] padded = c.doFinal(content.slice(IV, content.length() - IV).toByteArray());
        int padLength = padded[padded.length - 1] & 0xff;
        return Bytes.wrap(padded, 0, padded.length - 1 - padLength);
    }

    private byte[] nonce(byte[] iv) {
        byte[] nonce = new byte[12];
        System.arraycopy(salt, 0, nonce, 0, 4);
        System.arraycopy(iv, 0, nonce, 4, IV);
        return nonce;
    }
}
