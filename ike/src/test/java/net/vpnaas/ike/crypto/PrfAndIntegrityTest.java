package net.vpnaas.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PrfAndIntegrityTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] bytes(int value, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static String prf(PrfAlgorithm p, byte[] key, String data) {
        return HEX.formatHex(p.prf(key, data.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rfc4231TestCase1() {
        byte[] key = bytes(0x0b, 20);
        assertThat(prf(PrfAlgorithm.HMAC_SHA2_256, key, "Hi There"))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(prf(PrfAlgorithm.HMAC_SHA2_384, key, "Hi There"))
                .isEqualTo("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
        assertThat(prf(PrfAlgorithm.HMAC_SHA2_512, key, "Hi There"))
                .isEqualTo("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                        + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
    }

    @Test
    void rfc4231TestCase2KeyShorterThanOutput() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        String data = "what do ya want for nothing?";
        assertThat(prf(PrfAlgorithm.HMAC_SHA2_256, key, data))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(prf(PrfAlgorithm.HMAC_SHA2_384, key, data))
                .isEqualTo("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
        assertThat(prf(PrfAlgorithm.HMAC_SHA2_512, key, data))
                .isEqualTo("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                        + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    }

    @Test
    void prfSplitsInputsLikeOneConcatenation() {
        byte[] key = bytes(0x0b, 20);
        assertThat(PrfAlgorithm.HMAC_SHA2_256.prf(key, "Hi ".getBytes(StandardCharsets.US_ASCII),
                "There".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(HEX.parseHex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
    }

    @Test
    void rfc4868AuthHmacSha256TruncatesTo128Bits() {
        // RFC 4868 2.7.2.1 test case AUTH256-1: 32-byte key of 0x0b, "Hi There".
        byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        byte[] icv = IntegrityAlgorithm.HMAC_SHA2_256_128.icv(bytes(0x0b, 32), data, 0, data.length);
        assertThat(HEX.formatHex(icv)).isEqualTo("198a607eb44bfbc69903a0f1cf2bbdc5");
    }

    @Test
    void integrityOfTheOtherSizesIsTheTruncatedPrf() {
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        for (IntegrityAlgorithm a : IntegrityAlgorithm.values()) {
            byte[] key = bytes(0x4a, a.keyLength());
            PrfAlgorithm prf = switch (a) {
                case HMAC_SHA2_256_128 -> PrfAlgorithm.HMAC_SHA2_256;
                case HMAC_SHA2_384_192 -> PrfAlgorithm.HMAC_SHA2_384;
                case HMAC_SHA2_512_256 -> PrfAlgorithm.HMAC_SHA2_512;
            };
            assertThat(a.icv(key, data, 0, data.length)).isEqualTo(Arrays.copyOf(prf.prf(key, data), a.icvLength()));
        }
    }

    @Test
    void integrityVerifyRejectsAnyFlippedBit() {
        IntegrityAlgorithm a = IntegrityAlgorithm.HMAC_SHA2_256_128;
        byte[] key = bytes(0x0b, 32);
        byte[] msg = Arrays.copyOf("Hi There".getBytes(StandardCharsets.US_ASCII), 8 + 16);
        System.arraycopy(a.icv(key, msg, 0, 8), 0, msg, 8, 16);
        assertThat(a.verify(key, msg, 0, 8)).isTrue();
        msg[3] ^= 1;
        assertThat(a.verify(key, msg, 0, 8)).isFalse();
    }

    @Test
    void integrityRefusesAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> IntegrityAlgorithm.HMAC_SHA2_256_128.icv(new byte[16], new byte[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prfPlusIsTheChainOfRfc7296Section2_13() {
        PrfAlgorithm p = PrfAlgorithm.HMAC_SHA2_256;
        byte[] key = bytes(1, 32);
        byte[] seed = bytes(2, 10);
        byte[] t1 = p.prf(key, seed, new byte[] {1});
        byte[] t2 = p.prf(key, t1, seed, new byte[] {2});
        byte[] t3 = p.prf(key, t2, seed, new byte[] {3});
        byte[] out = p.prfPlus(key, seed, 80);
        assertThat(Arrays.copyOfRange(out, 0, 32)).isEqualTo(t1);
        assertThat(Arrays.copyOfRange(out, 32, 64)).isEqualTo(t2);
        assertThat(Arrays.copyOfRange(out, 64, 80)).isEqualTo(Arrays.copyOf(t3, 16));
        assertThatThrownBy(() -> p.prfPlus(key, seed, 255 * 32 + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
