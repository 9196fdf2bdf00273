package net.vpnaas.api.secret;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (PSKs, replayed create responses) with AES-256-GCM under the master key
 * {@code vpnaas.secrets.master-key} (base64 of 32 bytes). The associated data binds a ciphertext to
 * the row it belongs to, so a ciphertext copied into another row does not decrypt.
 * Format: 1 byte format version (1), 12 bytes random nonce, ciphertext with 16-byte tag.
 */
@Component
public class SecretCipher {
    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(SecretsProperties properties) {
        this.key = new SecretKeySpec(masterKey(properties.masterKey()), "AES");
    }

    private static byte[] masterKey(String configured) {
        if (configured == null || configured.isBlank()) {
            log.warn("vpnaas.secrets.master-key is not set: using a random development key for this run only. "
                    + "Secrets stored now cannot be decrypted after a restart. Set a base64 32-byte key in production.");
            byte[] dev = new byte[32];
            new SecureRandom().nextBytes(dev);
            return dev;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("vpnaas.secrets.master-key must be base64", e);
        }
        if (key.length != 32) {
            throw new IllegalStateException("vpnaas.secrets.master-key must decode to 32 bytes, got " + key.length);
        }
        return key;
    }

    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData);
            byte[] sealed = c.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] stored, byte[] associatedData) {
        if (stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != FORMAT) {
            throw new IllegalStateException("not a secret written by this cipher");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            c.updateAAD(associatedData);
            return c.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret does not decrypt under the configured master key", e);
        }
    }
}
