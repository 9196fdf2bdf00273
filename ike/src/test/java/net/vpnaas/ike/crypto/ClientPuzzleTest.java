package net.vpnaas.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The puzzle of RFC 8019 section 7.1.2: four different keys K with PRF(K, cookie) ending in at least
 * the difficulty's zero bits. The solutions are checked here with the JDK's HMAC directly, not with
 * the code under test.
 */
class ClientPuzzleTest {

    private static final byte[] COOKIE = "\0\0\0\7 a cookie of the responder's".getBytes(StandardCharsets.US_ASCII);

    @Test
    void zeroBitsCountFromTheLeastSignificantBitOfTheLastOctet() {
        assertThat(ClientPuzzle.zeroBits(new byte[] {(byte) 0xff, 0x01})).isZero();
        assertThat(ClientPuzzle.zeroBits(new byte[] {(byte) 0xff, (byte) 0x80})).isEqualTo(7);
        assertThat(ClientPuzzle.zeroBits(new byte[] {0x08, 0x00})).isEqualTo(11);
        assertThat(ClientPuzzle.zeroBits(new byte[] {0x01, 0x00, 0x00})).isEqualTo(16);
        assertThat(ClientPuzzle.zeroBits(new byte[32])).isEqualTo(256);
    }

    @Test
    void solutionIsFourDifferentKeysEachReachingTheDifficulty() throws Exception {
        for (PrfAlgorithm prf : PrfAlgorithm.values()) {
            byte[] solution = ClientPuzzle.solve(prf, COOKIE, 10);
            int keyLength = prf.outputLength();
            assertThat(solution).hasSize(4 * keyLength);
            byte[][] keys = new byte[4][];
            for (int i = 0; i < 4; i++) {
                keys[i] = Arrays.copyOfRange(solution, i * keyLength, (i + 1) * keyLength);
                byte[] out = jdkHmac(prf, keys[i], COOKIE);
                assertThat(trailingZeros(out)).as("%s key %d", prf, i).isGreaterThanOrEqualTo(10);
                for (int j = 0; j < i; j++) assertThat(keys[i]).isNotEqualTo(keys[j]);
            }
            assertThat(ClientPuzzle.verify(prf, COOKIE, 10, solution)).isTrue();
            int weakest = Arrays.stream(keys).mapToInt(k -> trailingZeros(jdkHmac(prf, k, COOKIE))).min().orElseThrow();
            assertThat(ClientPuzzle.verify(prf, COOKIE, weakest + 1, solution)).as("one bit more than the weakest key").isFalse();
            byte[] otherCookie = COOKIE.clone();
            otherCookie[0] ^= 1;
            assertThat(ClientPuzzle.verify(prf, otherCookie, 10, solution)).as("another cookie's puzzle").isFalse();
        }
    }

    @Test
    void difficultyZeroAcceptsAnyFourDifferentKeysButNotFewerOrRepeated() {
        byte[] any = ByteBuffer.allocate(4 * 8).putLong(1).putLong(2).putLong(3).putLong(4).array();
        assertThat(ClientPuzzle.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, 0, any)).isTrue();
        byte[] repeated = ByteBuffer.allocate(4 * 8).putLong(1).putLong(2).putLong(1).putLong(4).array();
        assertThat(ClientPuzzle.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, 0, repeated)).isFalse();
        assertThat(ClientPuzzle.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, 0, new byte[12 + 1])).as("not four equal keys").isFalse();
        assertThat(ClientPuzzle.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, 0, new byte[0])).isFalse();
        assertThat(ClientPuzzle.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, 0, new byte[4 * 65])).as("keys too long to bother").isFalse();
        assertThat(ClientPuzzle.solve(PrfAlgorithm.HMAC_SHA2_256, COOKIE, 0)).hasSize(4 * 32);
    }

    @Test
    void theMostTheNotificationCanAskIsNotReachedAndBeyondThePrfOutputIsRefused() {
        byte[] solution = ClientPuzzle.solve(PrfAlgorithm.HMAC_SHA2_256, COOKIE, 8);
        assertThat(ClientPuzzle.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, 255, solution)).isFalse();
        assertThat(ClientPuzzle.verify(PrfAlgorithm.HMAC_SHA1, COOKIE, 255, new byte[4 * 20])).isFalse();
        assertThatThrownBy(() -> ClientPuzzle.solve(PrfAlgorithm.HMAC_SHA1, COOKIE, 161)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientPuzzle.solve(PrfAlgorithm.HMAC_SHA2_256, COOKIE, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] jdkHmac(PrfAlgorithm prf, byte[] key, byte[] data) {
        try {
            String name = switch (prf) {
                case HMAC_SHA1 -> "HmacSHA1";
                case HMAC_SHA2_256 -> "HmacSHA256";
                case HMAC_SHA2_384 -> "HmacSHA384";
                case HMAC_SHA2_512 -> "HmacSHA512";
            };
            Mac mac = Mac.getInstance(name);
            mac.init(new SecretKeySpec(key, name));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Trailing zero bits as a big number's: the output read as an unsigned integer, most significant octet first. */
    private static int trailingZeros(byte[] out) {
        java.math.BigInteger v = new java.math.BigInteger(1, out);
        return v.signum() == 0 ? out.length * 8 : v.getLowestSetBit();
    }
}
