package net.vpnaas.ike.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The client puzzle of RFC 8019 section 7.1.2 over a PRF: find keys K such that PRF(K, challenge)
 * ends in at least {@code difficulty} zero bits, {@value #KEYS} different keys of equal length (in
 * IKE_SA_INIT the challenge is the responder's COOKIE, in IKE_AUTH {@link #ikeAuthChallenge}). Checking costs the responder four PRF
 * calls; solving costs the initiator about 4 * 2^difficulty. Difficulty 0 lets the initiator choose,
 * so any four different keys do.
 */
public final class ClientPuzzle {

    public static final int KEYS = 4;
    /** Longer keys cost the checker more and prove nothing more: the keys of HMAC PRFs are their output length. */
    public static final int MAX_KEY_LENGTH = 64;

    private ClientPuzzle() {}

    /**
     * What a puzzle in IKE_AUTH is computed over (RFC 8019 7.2.3): Nr | SPIr, the responder's nonce (the
     * Nonce payload's data) and its IKE SPI (8 octets as in the IKE header). In IKE_SA_INIT it is the cookie.
     */
    public static byte[] ikeAuthChallenge(byte[] nr, long responderSpi) {
        return ByteBuffer.allocate(nr.length + Long.BYTES).put(nr).putLong(responderSpi).array();
    }

    /**
     * Four keys, concatenated, each as long as the PRF's preferred key ({@link PrfAlgorithm#outputLength}).
     * Counts up from zero, so the same puzzle gets the same answer; the cookie in the challenge makes
     * every puzzle new.
     *
     * @throws IllegalArgumentException for a difficulty above the PRF's output bits, which no key reaches
     */
    public static byte[] solve(PrfAlgorithm prf, byte[] challenge, int difficulty) {
        if (difficulty < 0 || difficulty > prf.outputLength() * 8) throw new IllegalArgumentException("difficulty " + difficulty + " for " + prf);
        int keyLength = prf.outputLength();
        ByteBuffer out = ByteBuffer.allocate(KEYS * keyLength);
        byte[] key = new byte[keyLength];
        long counter = 0;
        for (int found = 0; found < KEYS; counter++) {
            ByteBuffer.wrap(key, keyLength - Long.BYTES, Long.BYTES).putLong(counter);
            if (zeroBits(prf.prf(key, challenge)) >= difficulty) {
                out.put(key);
                found++;
            }
        }
        return out.array();
    }

    /**
     * Whether {@code solution} is {@value #KEYS} different keys of equal length (1 to {@value #MAX_KEY_LENGTH}
     * bytes) that each reach {@code difficulty} on {@code challenge}.
     */
    public static boolean verify(PrfAlgorithm prf, byte[] challenge, int difficulty, byte[] solution) {
        if (solution.length == 0 || solution.length % KEYS != 0 || solution.length / KEYS > MAX_KEY_LENGTH) return false;
        int keyLength = solution.length / KEYS;
        byte[][] keys = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = Arrays.copyOfRange(solution, i * keyLength, (i + 1) * keyLength);
            for (int j = 0; j < i; j++) if (Arrays.equals(keys[i], keys[j])) return false;
        }
        if (difficulty == 0) return true;
        for (byte[] k : keys) if (zeroBits(prf.prf(k, challenge)) < difficulty) return false;
        return true;
    }

    /** The number of trailing zero bits of {@code digest}: from the least significant bit of its last octet up. */
    public static int zeroBits(byte[] digest) {
        int bits = 0;
        for (int i = digest.length - 1; i >= 0; i--) {
            int b = digest[i] & 0xff;
            if (b != 0) return bits + Integer.numberOfTrailingZeros(b);
            bits += 8;
        }
        return bits;
    }
}
