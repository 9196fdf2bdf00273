package net.vpnaas.dataplane.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Published ESP examples: our framing and crypto must reproduce them byte for byte. */
class EspVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "[{index}] spi={2} seq={3}")
    @CsvFileSource(resources = "gcm-esp-vectors.csv", numLinesToSkip = 3)
    void aesGcmVectorsOfDraftMcgrewGcmTest(String key, String salt, String spi, String seq, String iv,
                                           String plaintext, String packet) {
        boolean esn = seq.length() == 16;
        EspAlgorithms alg = EspAlgorithms.aesGcm(key.length() * 4);
        EspCipher cipher = alg.newCipher(HEX.parseHex(key + salt), new byte[0]);
        long sequence = Long.parseUnsignedLong(seq, 16);
        checkVector(cipher, esn, Long.parseUnsignedLong(spi, 16), sequence, Long.parseUnsignedLong(iv, 16),
                HEX.parseHex(plaintext), HEX.parseHex(packet));
    }

    /** RFC 7634 Appendix A: ESP example for ChaCha20-Poly1305 (SPI 0x01020304, sequence 5). */
    @Test
    void chaCha20Poly1305EspExampleOfRfc7634() {
        byte[] key = new byte[36];
        for (int i = 0; i < 32; i++) key[i] = (byte) (0x80 + i);
        System.arraycopy(HEX.parseHex("a0a1a2a3"), 0, key, 32, 4);
        byte[] inner = HEX.parseHex("45000054a6f2000040 01e778c6336405c0000205 08005b7a3a080000553bec1000073627".replace(" ", ""));
        byte[] plaintext = new byte[88];
        System.arraycopy(inner, 0, plaintext, 0, inner.length);
        for (int i = inner.length, b = 8; i < 84; i++, b++) plaintext[i] = (byte) b;
        System.arraycopy(HEX.parseHex("01020204"), 0, plaintext, 84, 4);
        byte[] packet = HEX.parseHex("0102030400000005" + "1011121314151617"
                + "24039428b97f417e3c13753a4f05087b67c352e6a7fab1b982d466ef407ae5c6"
                + "14ee8099d52844eb61aa95dfab4c02f72aa71e7c4c4f64c9befe2facc638e8f3"
                + "cbec163fac469b502773f6fb94e664da9165b82829f641e0"
                + "76aaa8266b7fb0f7b11b369907e1ad43");
        EspCipher cipher = EspAlgorithms.chaCha20Poly1305().newCipher(key, new byte[0]);
        checkVector(cipher, false, 0x01020304L, 5, 0x1011121314151617L, plaintext, packet);
    }

    private static void checkVector(EspCipher cipher, boolean esn, long spi, long seq, long iv, byte[] plaintext, byte[] packet) {
        // The trailer we build for the payload must be the one in the vector.
        int padLength = plaintext[plaintext.length - 2] & 0xFF;
        int payloadLength = plaintext.length - 2 - padLength;
        int nextHeader = plaintext[plaintext.length - 1] & 0xFF;
        ByteBuffer plain = ByteBuffer.allocate(2048);
        plain.put(0, plaintext, 0, payloadLength);
        int padded = EspTrailer.append(plain, payloadLength, nextHeader, cipher.alignment());
        assertThat(HEX.formatHex(plain.array(), 0, padded)).isEqualTo(HEX.formatHex(plaintext));

        ByteBuffer out = ByteBuffer.allocate(2048);
        out.putInt(0, (int) spi);
        out.putInt(4, (int) seq);
        int length = cipher.sealWithIv(seq, esn, iv, plain.slice(0, padded), out);
        assertThat(HEX.formatHex(out.array(), 0, length)).isEqualTo(HEX.formatHex(packet));

        ByteBuffer decrypted = ByteBuffer.allocate(2048);
        int opened = cipher.open(seq, esn, ByteBuffer.wrap(packet), packet.length, decrypted);
        assertThat(HEX.formatHex(decrypted.array(), 0, opened)).isEqualTo(HEX.formatHex(plaintext));
        assertThat(EspTrailer.payloadLength(decrypted, opened)).isEqualTo(payloadLength);
        assertThat(EspTrailer.nextHeader(decrypted, opened)).isEqualTo(nextHeader);

        for (int flip : new int[] {0, 5, 9, packet.length / 2, packet.length - 1}) {
            byte[] forged = packet.clone();
            forged[flip] ^= 0x01;
            assertThat(cipher.open(seq, esn, ByteBuffer.wrap(forged), forged.length, ByteBuffer.allocate(2048)))
                    .as("bit flipped at %d must fail the ICV", flip).isEqualTo(-1);
        }
        if (esn) {
            assertThat(cipher.open(seq + (1L << 32), true, ByteBuffer.wrap(packet), packet.length, ByteBuffer.allocate(2048)))
                    .as("the high sequence bits are authenticated").isEqualTo(-1);
        }
    }
}
