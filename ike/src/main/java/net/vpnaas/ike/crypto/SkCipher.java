package net.vpnaas.ike.crypto;

/**
 * Protection of one direction of an SK / SKF payload (RFC 7296 3.14, RFC 5282, RFC 7634).
 *
 * <p>Both kinds fit one shape: {@code associated} is everything of the message before the IV (IKE
 * header, unencrypted payloads, SK payload header, all with final lengths). AEAD authenticates it
 * as additional data; CBC+HMAC puts it first under the ICV, which covers associated | IV | ciphertext.
 */
public sealed interface SkCipher permits AeadSkCipher, CbcHmacSkCipher {

    int ivLength();

    /** Padded plaintext (payloads | padding | pad length) must be a multiple of this. */
    int blockSize();

    /** Bytes appended after the ciphertext (AEAD tag or truncated HMAC). */
    int icvLength();

    /** Returns ciphertext | ICV. */
    byte[] seal(byte[] associated, byte[] iv, byte[] paddedPlaintext);

    /** Returns the padded plaintext; {@code ciphertextAndIcv} is everything after the IV. */
    byte[] open(byte[] associated, byte[] iv, byte[] ciphertextAndIcv) throws IntegrityCheckException;

    /**
     * @param encryptionKey key followed by the salt for AEAD, exactly as cut from prf+
     * @param integrity     null for AEAD transforms
     * @param integrityKey  empty for AEAD transforms
     */
    static SkCipher create(EncryptionAlgorithm encryption, byte[] encryptionKey,
                           IntegrityAlgorithm integrity, byte[] integrityKey) {
        if (encryption.aead()) {
            if (integrity != null) throw new IllegalArgumentException("AEAD transform with an integrity algorithm");
            return new AeadSkCipher(encryption, encryptionKey);
        }
        if (integrity == null) throw new IllegalArgumentException(encryption + " needs an integrity algorithm");
        return new CbcHmacSkCipher(encryptionKey, integrity, integrityKey);
    }
}
