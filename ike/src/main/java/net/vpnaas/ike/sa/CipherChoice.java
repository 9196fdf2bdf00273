package net.vpnaas.ike.sa;

import net.vpnaas.ike.crypto.EncryptionAlgorithm;

/** An encryption transform with its key size: AES comes in three sizes, each a separate choice. */
public record CipherChoice(EncryptionAlgorithm algorithm, int keyBits) {
    public CipherChoice {
        if (!algorithm.validKeyBits(keyBits)) throw new IllegalArgumentException(algorithm + " has no " + keyBits + "-bit key");
    }
}
