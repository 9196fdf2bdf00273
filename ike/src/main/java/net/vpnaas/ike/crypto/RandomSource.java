package net.vpnaas.ike.crypto;

import java.security.SecureRandom;

/**
 * Where the engine gets every secret, nonce and SPI. Production uses {@link #secure()}; tests pass
 * a seeded or scripted source so that whole exchanges are reproducible byte for byte.
 */
@FunctionalInterface
public interface RandomSource {

    void nextBytes(byte[] out);

    default byte[] bytes(int length) {
        byte[] b = new byte[length];
        nextBytes(b);
        return b;
    }

    static RandomSource secure() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }
}
