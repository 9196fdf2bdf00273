package net.vpnaas.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SkCipherTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] h(String hex) {
        return HEX.parseHex(hex);
    }

    // McGrew/Viega GCM spec (the NIST GCM test set), test cases 3 and 4: 128-bit key, 96-bit nonce.
    // In IKE terms the first 4 nonce bytes are the salt from the keying material, the last 8 the IV.
    private static final byte[] GCM_KEY_AND_SALT = h("feffe9928665731c6d6a8f9467308308" + "cafebabe");
    private static final byte[] GCM_IV = h("facedbaddecaf888");
    private static final String GCM_PT = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private static final String GCM_CT = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";

    @Test
    void aesGcmTestCase3NoAad() throws Exception {
        SkCipher c = SkCipher.create(EncryptionAlgorithm.AES_GCM_16, GCM_KEY_AND_SALT, null, new byte[0]);
        byte[] out = c.seal(new byte[0], GCM_IV, h(GCM_PT));
        assertThat(HEX.formatHex(out)).isEqualTo(GCM_CT + "4d5c2af327cd64a62cf35abd2ba6fab4");
        assertThat(c.open(new byte[0], GCM_IV, out)).isEqualTo(h(GCM_PT));
    }

    @Test
    void aesGcmTestCase4WithAadAndPartialBlock() throws Exception {
        SkCipher c = SkCipher.create(EncryptionAlgorithm.AES_GCM_16, GCM_KEY_AND_SALT, null, new byte[0]);
        byte[] aad = h("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] pt = Arrays.copyOf(h(GCM_PT), 60);
        byte[] out = c.seal(aad, GCM_IV, pt);
        assertThat(HEX.formatHex(out)).isEqualTo(GCM_CT.substring(0, 120) + "5bc94fbc3221a5db94fae95ae7121a47");
        assertThat(c.open(aad, GCM_IV, out)).isEqualTo(pt);
        aad[0] ^= 1;
        assertThatThrownBy(() -> c.open(aad, GCM_IV, out)).isInstanceOf(IntegrityCheckException.class);
    }

    @Test
    void chacha20Poly1305Rfc8439Section2_8_2() throws Exception {
        // RFC 8439 2.8.2: nonce 07000000 40414243 44454647 = salt (4) | IV (8), as RFC 7634 splits it.
        byte[] keyAndSalt = h("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f" + "07000000");
        byte[] iv = h("4041424344454647");
        byte[] aad = h("50515253c0c1c2c3c4c5c6c7");
        byte[] pt = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                + " sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        SkCipher c = SkCipher.create(EncryptionAlgorithm.CHACHA20_POLY1305, keyAndSalt, null, new byte[0]);
        byte[] out = c.seal(aad, iv, pt);
        assertThat(HEX.formatHex(out)).isEqualTo(
                "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
                + "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                + "3ff4def08e4b7a9de576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691");
        assertThat(c.open(aad, iv, out)).isEqualTo(pt);
        out[out.length - 1] ^= 1;
        assertThatThrownBy(() -> c.open(aad, iv, out)).isInstanceOf(IntegrityCheckException.class);
    }

    @Test
    void aesCbcRfc3602Case1ThenHmacOverHeaderIvAndCiphertext() throws Exception {
        // RFC 3602 4. case #1: one block "Single block msg".
        byte[] key = h("06a9214036b8a15b512e03d534120006");
        byte[] iv = h("3dafba429d9eb430b422da802c9fac41");
        byte[] pt = "Single block msg".getBytes(StandardCharsets.US_ASCII);
        byte[] integKey = new byte[32];
        Arrays.fill(integKey, (byte) 0x0b);
        byte[] header = h("00112233445566778899aabbccddeeff");
        SkCipher c = SkCipher.create(EncryptionAlgorithm.AES_CBC, key, IntegrityAlgorithm.HMAC_SHA2_256_128, integKey);
        byte[] out = c.seal(header, iv, pt);
        assertThat(HEX.formatHex(Arrays.copyOf(out, 16))).isEqualTo("e353779c1079aeb82708942dbe77181a");
        byte[] signed = Ikev2Kdf.concat(header, iv, Arrays.copyOf(out, 16));
        assertThat(Arrays.copyOfRange(out, 16, 32))
                .isEqualTo(IntegrityAlgorithm.HMAC_SHA2_256_128.icv(integKey, signed, 0, signed.length));
        assertThat(c.open(header, iv, out)).isEqualTo(pt);
        header[5] ^= 0x40;
        assertThatThrownBy(() -> c.open(header, iv, out)).isInstanceOf(IntegrityCheckException.class);
    }

    @Test
    void truncatedInputIsAnIntegrityFailureNotACrash() {
        SkCipher gcm = SkCipher.create(EncryptionAlgorithm.AES_GCM_16, GCM_KEY_AND_SALT, null, new byte[0]);
        assertThatThrownBy(() -> gcm.open(new byte[0], GCM_IV, new byte[5])).isInstanceOf(IntegrityCheckException.class);
        SkCipher cbc = SkCipher.create(EncryptionAlgorithm.AES_CBC, new byte[16], IntegrityAlgorithm.HMAC_SHA2_256_128, new byte[32]);
        assertThatThrownBy(() -> cbc.open(new byte[0], new byte[16], new byte[20])).isInstanceOf(IntegrityCheckException.class);
    }
}
