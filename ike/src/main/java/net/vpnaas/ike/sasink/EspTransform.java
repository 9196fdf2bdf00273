package net.vpnaas.ike.sasink;

/**
 * Negotiated ESP algorithms as IANA IKEv2 transform ids, the numbers both sides of this
 * interface already speak.
 *
 * @param encryptionId Transform Type 1 id: 20 ENCR_AES_GCM_16, 28 ENCR_CHACHA20_POLY1305, 12 ENCR_AES_CBC
 * @param keyBits      encryption key length in bits (128/256 for AES, 256 for ChaCha20), salt excluded
 * @param integrityId  Transform Type 3 id: 0 NONE (AEAD), 12 AUTH_HMAC_SHA2_256_128,
 *                     13 AUTH_HMAC_SHA2_384_192, 14 AUTH_HMAC_SHA2_512_256
 */
public record EspTransform(int encryptionId, int keyBits, int integrityId) {
    public static final int ENCR_AES_CBC = 12;
    public static final int ENCR_AES_GCM_16 = 20;
    public static final int ENCR_CHACHA20_POLY1305 = 28;
    public static final int AUTH_NONE = 0;
    public static final int AUTH_HMAC_SHA2_256_128 = 12;
    public static final int AUTH_HMAC_SHA2_384_192 = 13;
    public static final int AUTH_HMAC_SHA2_512_256 = 14;

    public boolean aead() {
        return encryptionId == ENCR_AES_GCM_16 || encryptionId == ENCR_CHACHA20_POLY1305;
    }
}
