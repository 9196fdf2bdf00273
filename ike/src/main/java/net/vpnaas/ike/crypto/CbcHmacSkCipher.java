package net.vpnaas.ike.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-CBC (RFC 3602) followed by a truncated HMAC-SHA2 over associated | IV | ciphertext (RFC 7296 3.14). */
public final class CbcHmacSkCipher implements SkCipher {

    private final SecretKeySpec key;
    private final IntegrityAlgorithm integrity;
    private final byte[] integrityKey;

    CbcHmacSkCipher(byte[] encryptionKey, IntegrityAlgorithm integrity, byte[] integrityKey) {
        if (!EncryptionAlgorithm.AES_CBC.validKeyBits(encryptionKey.length * 8)) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes");
        }
        if (integrityKey.length != integrity.keyLength()) throw new IllegalArgumentException("bad integrity key length");
        this.key = new SecretKeySpec(encryptionKey, "AES");
        this.integrity = integrity;
        this.integrityKey = integrityKey.clone();
    }

    @Override
    public int ivLength() {
        return 16;
    }

    @Override
    public int blockSize() {
        return 16;
    }

    @Override
    public int icvLength() {
        return integrity.icvLength();
    }

    @Override
    public byte[] seal(byte[] associated, byte[] iv, byte[] paddedPlaintext) {
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, iv, paddedPlaintext);
        byte[] icv = integrity.icv(integrityKey, concat(associated, iv, ciphertext), 0,
                associated.length + iv.length + ciphertext.length);
        byte[] out = Arrays.copyOf(ciphertext, ciphertext.length + icv.length);
        System.arraycopy(icv, 0, out, ciphertext.length, icv.length);
        return out;
    }

    @Override
    public byte[] open(byte[] associated, byte[] iv, byte[] ciphertextAndIcv) throws IntegrityCheckException {
        int ctLength = ciphertextAndIcv.length - icvLength();
        if (ctLength < 0 || ctLength % 16 != 0) throw new IntegrityCheckException("ciphertext not a whole number of blocks");
        byte[] signed = concat(associated, iv, ciphertextAndIcv);
        if (!integrity.verify(integrityKey, signed, 0, associated.length + iv.length + ctLength)) {
            throw new IntegrityCheckException(integrity + " ICV mismatch");
        }
        return crypt(Cipher.DECRYPT_MODE, iv, Arrays.copyOf(ciphertextAndIcv, ctLength));
    }

    private byte[] crypt(int mode, byte[] iv, byte[] data) {
        if (iv.length != 16) throw new IllegalArgumentException("CBC IV must be 16 bytes");
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(mode, key, new IvParameterSpec(iv));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
