package net.vpnaas.ike.crypto;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM with a 16-byte tag (RFC 5282) or ChaCha20-Poly1305 (RFC 7634); nonce = salt | IV. JDK intrinsics. */
public final class AeadSkCipher implements SkCipher {

    private final EncryptionAlgorithm algorithm;
    private final SecretKeySpec key;
    private final byte[] salt;

    AeadSkCipher(EncryptionAlgorithm algorithm, byte[] keyAndSalt) {
        int keyLength = keyAndSalt.length - algorithm.saltLength();
        if (!algorithm.validKeyBits(keyLength * 8)) {
            throw new IllegalArgumentException(algorithm + ": bad key material length " + keyAndSalt.length);
        }
        this.algorithm = algorithm;
        this.key = new SecretKeySpec(keyAndSalt, 0, keyLength,
                algorithm == EncryptionAlgorithm.AES_GCM_16 ? "AES" : "ChaCha20");
        this.salt = Arrays.copyOfRange(keyAndSalt, keyLength, keyAndSalt.length);
    }

    @Override
    public int ivLength() {
        return algorithm.ivLength();
    }

    @Override
    public int blockSize() {
        return algorithm.blockSize();
    }

    @Override
    public int icvLength() {
        return algorithm.aeadTagLength();
    }

    @Override
    public byte[] seal(byte[] associated, byte[] iv, byte[] paddedPlaintext) {
        try {
            Cipher c = init(Cipher.ENCRYPT_MODE, iv);
            c.updateAAD(associated);
            return c.doFinal(paddedPlaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] open(byte[] associated, byte[] iv, byte[] ciphertextAndIcv) throws IntegrityCheckException {
        if (ciphertextAndIcv.length < icvLength()) throw new IntegrityCheckException("ciphertext shorter than the tag");
        try {
            Cipher c = init(Cipher.DECRYPT_MODE, iv);
            c.updateAAD(associated);
            return c.doFinal(ciphertextAndIcv);
        } catch (AEADBadTagException e) {
            throw new IntegrityCheckException(algorithm + " tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Cipher init(int mode, byte[] iv) throws GeneralSecurityException {
        if (iv.length != algorithm.ivLength()) throw new IllegalArgumentException("IV must be " + algorithm.ivLength() + " bytes");
        byte[] nonce = new byte[salt.length + iv.length];
        System.arraycopy(salt, 0, nonce, 0, salt.length);
        System.arraycopy(iv, 0, nonce, salt.length, iv.length);
        Cipher c;
        AlgorithmParameterSpec spec;
        if (algorithm == EncryptionAlgorithm.AES_GCM_16) {
            c = Cipher.getInstance("AES/GCM/NoPadding");
            spec = new GCMParameterSpec(128, nonce);
        } else {
            c = Cipher.getInstance("ChaCha20-Poly1305");
            spec = new IvParameterSpec(nonce);
        }
        c.init(mode, key, spec);
        return c;
    }
}
