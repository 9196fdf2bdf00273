package net.vpnaas.model.crypto;

/** Encryption transforms we support (IANA IKEv2 Transform Type 1), with strongSwan's proposal tokens. */
public enum EncryptionAlgorithm {
    AES_CBC_128("aes128", 12, 128, false),
    AES_CBC_256("aes256", 12, 256, false),
    AES_GCM_16_128("aes128gcm16", 20, 128, true),
    AES_GCM_16_256("aes256gcm16", 20, 256, true),
    CHACHA20_POLY1305("chacha20poly1305", 28, 256, true);

    private final String token;
    private final int ianaId;
    private final int keyBits;
    private final boolean aead;

    EncryptionAlgorithm(String token, int ianaId, int keyBits, boolean aead) {
        this.token = token;
        this.ianaId = ianaId;
        this.keyBits = keyBits;
        this.aead = aead;
    }

    public String token() { return token; }
    public int ianaId() { return ianaId; }
    public int keyBits() { return keyBits; }
    /** AEAD ciphers carry their own integrity; a proposal must not add an integrity transform to them. */
    public boolean isAead() { return aead; }
}
