package net.vpnaas.ike.crypto;

import java.util.Optional;

/**
 * IKEv2 encryption algorithms (Transform Type 1) for the SK payload. AEAD transforms carry a 4-byte
 * salt after the key in the keying material (RFC 5282 for GCM, RFC 7634 for ChaCha20-Poly1305).
 */
public enum EncryptionAlgorithm {
    AES_CBC(12, 16, 16, 0, 0),
    AES_GCM_16(20, 8, 1, 4, 16),
    CHACHA20_POLY1305(28, 8, 1, 4, 16);

    private final int id;
    private final int ivLength;
    private final int blockSize;
    private final int saltLength;
    private final int aeadTagLength;

    EncryptionAlgorithm(int id, int ivLength, int blockSize, int saltLength, int aeadTagLength) {
        this.id = id;
        this.ivLength = ivLength;
        this.blockSize = blockSize;
        this.saltLength = saltLength;
        this.aeadTagLength = aeadTagLength;
    }

    public int id() {
        return id;
    }

    public static Optional<EncryptionAlgorithm> byId(int id) {
        for (EncryptionAlgorithm a : values()) if (a.id == id) return Optional.of(a);
        return Optional.empty();
    }

    public boolean aead() {
        return aeadTagLength > 0;
    }

    public int ivLength() {
        return ivLength;
    }

    /** Plaintext alignment the SK payload's padding must reach. */
    public int blockSize() {
        return blockSize;
    }

    public int saltLength() {
        return saltLength;
    }

    public int aeadTagLength() {
        return aeadTagLength;
    }

    /** AES needs a Key Length attribute; ChaCha20 has exactly one key size and must not carry one. */
    public boolean needsKeyLengthAttribute() {
        return this != CHACHA20_POLY1305;
    }

    public boolean validKeyBits(int bits) {
        return this == CHACHA20_POLY1305 ? bits == 256 : bits == 128 || bits == 192 || bits == 256;
    }

    /** Bytes of KEYMAT/prf+ output one direction's key takes: key plus salt. */
    public int keyMaterialLength(int keyBits) {
        if (!validKeyBits(keyBits)) throw new IllegalArgumentException(this + " has no " + keyBits + "-bit key");
        return keyBits / 8 + saltLength;
    }
}
