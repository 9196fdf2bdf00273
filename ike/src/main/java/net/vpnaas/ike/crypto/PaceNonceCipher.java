package net.vpnaas.ike.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * E(KPwd, s) of PACE (RFC 6631): the nonce s encrypted with the IKE SA's cipher under the key from the
 * password. It must be a bare cipher: no padding (s is a whole number of AES blocks) and no integrity
 * tag, or a wrong trial key would show itself and a recorded ENONCE would test password guesses. So
 * AES-CBC as negotiated; for the AEAD transforms their stream cipher alone: AES-GCM's AES in counter mode
 * (a random 16-octet initial counter block), ChaCha20-Poly1305's ChaCha20 (a random 12-octet nonce).
 */
public final class PaceNonceCipher {
    /** The length of s: two AES blocks, and 256 bits of secret for the mapping. */
    public static final int NONCE_LENGTH = 32;

    private PaceNonceCipher() {}

    public static int ivLength(EncryptionAlgorithm cipher) {
        return cipher == EncryptionAlgorithm.CHACHA20_POLY1305 ? 12 : 16;
    }

    /** KPwd's length: the negotiated key size, without the AEAD salt. */
    public static int keyLength(int keyBits) {
        return keyBits / 8;
    }

    public static byte[] encrypt(EncryptionAlgorithm cipher, byte[] key, byte[] iv, byte[] nonce) {
        return run(Cipher.ENCRYPT_MODE, cipher, key, iv, nonce);
    }

    public static byte[] decrypt(EncryptionAlgorithm cipher, byte[] key, byte[] iv, byte[] encrypted) {
        return run(Cipher.DECRYPT_MODE, cipher, key, iv, encrypted);
    }

    private static byte[] run(int mode, EncryptionAlgorithm cipher, byte[] key, byte[] iv, byte[] data) {
        if (iv.length != ivLength(cipher) || data.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("PACE nonce cipher: wrong IV or nonce length");
        }
        try {
            Cipher c;
            switch (cipher) {
                case AES_CBC -> {
                    c = Cipher.getInstance("AES/CBC/NoPadding");
                    c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                }
                case AES_GCM_16 -> {
                    c = Cipher.getInstance("AES/CTR/NoPadding");
                    c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                }
                case CHACHA20_POLY1305 -> {
                    c = Cipher.getInstance("ChaCha20");
                    c.init(mode, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(iv, 0));
                }
                default -> throw new IllegalArgumentException("no PACE nonce cipher for " + cipher);
            }
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + cipher, e);
        }
    }
}
