package net.vpnaas.api.secret;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (PSKs, the agent CA key, replayed create responses) with AES-256-GCM
 * under the current master key (see {@link MasterKeys}). The associated data binds a ciphertext to
 * the row it belongs to, so a ciphertext copied into another row does not decrypt.
 * <p>
 * Format 2, written now: 1 byte format version (2), the 8-byte id of the master key, 12 bytes
 * random nonce, ciphertext with 16-byte tag; the AES key is derived from the master key, and the
 * first 9 bytes are part of the associated data. The key id picks the key to decrypt with, so a
 * rotation can leave secrets under several keys at once. Format 1, written before key ids existed:
 * 1 byte (1), nonce, ciphertext with tag, under the raw master key; it still decrypts, by trying
 * each configured key, until {@code reencrypt-secrets} has rewritten it in format 2.
 */
@Component
public class SecretCipher {
    private static final byte FORMAT_1 = 1;
    private static final byte FORMAT_2 = 2;
    private static final int HEADER_2 = 1 + MasterKey.ID_BYTES;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKeys keys;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(MasterKeys keys) {
        this.keys = keys;
    }

    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        MasterKey key = keys.current();
        byte[] header = ByteBuffer.allocate(HEADER_2).put(FORMAT_2).put(key.id()).array();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(headerAnd(header, associatedData));
            byte[] sealed = c.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_2 + NONCE_BYTES + sealed.length).put(header).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws UndecryptableSecretException naming the reason: unknown key, altered, or another row's */
    public byte[] decrypt(byte[] stored, byte[] associatedData) {
        if (isFormat2(stored)) {
            String id = keyIdHex(stored);
            MasterKey key = keys.withId(id).orElseThrow(() -> new UndecryptableSecretException(
                    "the secret is encrypted under master key " + id + ", which is not configured "
                            + "(neither vpnaas.secrets.master-key nor one of vpnaas.secrets.previous-master-keys)"));
            byte[] plaintext = open(key.aesKey(), stored, HEADER_2, headerAnd(stored, associatedData));
            if (plaintext == null) {
                throw new UndecryptableSecretException("the secret does not decrypt under master key " + id
                        + ": it was altered, or belongs to another row");
            }
            return plaintext;
        }
        if (stored.length >= 1 + NONCE_BYTES + TAG_BITS / 8 && stored[0] == FORMAT_1) {
            for (MasterKey key : keys.all()) {
                byte[] plaintext = open(key.legacyAesKey(), stored, 1, associatedData);
                if (plaintext != null) {
                    return plaintext;
                }
            }
            throw new UndecryptableSecretException("the secret (format 1, without a key id) does not decrypt under any "
                    + "configured master key " + keys.all().stream().map(MasterKey::idHex).toList()
                    + ": it was written under another key, altered, or belongs to another row");
        }
        throw new UndecryptableSecretException("not a secret written by this cipher (format byte "
                + (stored.length == 0 ? "missing" : stored[0]) + ")");
    }

    /** True for a ciphertext in the current format under the current key: nothing for a rotation to do. */
    public boolean isUnderCurrentKey(byte[] stored) {
        return isFormat2(stored) && keyIdHex(stored).equals(keys.current().idHex());
    }

    /** The secret decrypted and encrypted again under the current key, in the current format. */
    public byte[] reencrypt(byte[] stored, byte[] associatedData) {
        return encrypt(decrypt(stored, associatedData), associatedData);
    }

    private static boolean isFormat2(byte[] stored) {
        return stored.length >= HEADER_2 + NONCE_BYTES + TAG_BITS / 8 && stored[0] == FORMAT_2;
    }

    /** Format 2 authenticates its header (format and key id) along with the row's associated data. */
    private static byte[] headerAnd(byte[] startsWithHeader, byte[] associatedData) {
        return ByteBuffer.allocate(HEADER_2 + associatedData.length).put(startsWithHeader, 0, HEADER_2).put(associatedData).array();
    }

    private static String keyIdHex(byte[] stored) {
        return HexFormat.of().formatHex(stored, 1, HEADER_2);
    }

    /** The plaintext of the ciphertext whose nonce starts at {@code nonceAt}, or null when the tag does not verify. */
    private static byte[] open(SecretKey key, byte[] stored, int nonceAt, byte[] associatedData) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, nonceAt, NONCE_BYTES));
            c.updateAAD(associatedData);
            int sealedAt = nonceAt + NONCE_BYTES;
            return c.doFinal(stored, sealedAt, stored.length - sealedAt);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}
