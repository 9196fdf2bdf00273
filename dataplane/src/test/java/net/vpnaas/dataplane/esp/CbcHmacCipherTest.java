package net.vpnaas.dataplane.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AES-CBC + HMAC-SHA2 ESP (RFC 3602, RFC 4868): the packet layout and ICV are recomputed here
 * independently from the JCA primitives (ICV over header, IV, ciphertext and, with ESN, the
 * untransmitted high sequence bits; truncated to half the hash).
 */
class CbcHmacCipherTest {

    @ParameterizedTest
    @CsvSource({
            "128, 12, HmacSHA256, 16, false",
            "256, 12, HmacSHA256, 16, true",
            "128, 13, HmacSHA384, 24, false",
            "256, 13, HmacSHA384, 24, true",
            "256, 14, HmacSHA512, 32, false",
            "128, 14, HmacSHA512, 32, true"})
    void packetLayoutAndIcvMatchAnIndependentComputation(int keyBits, int integrityId, String macName, int icvLength,
                                                         boolean esn) throws Exception {
        EspAlgorithms alg = EspAlgorithms.aesCbcHmac(keyBits, integrityId);
        byte[] encKey = new byte[keyBits / 8];
        byte[] intKey = new byte[alg.integrityKeyLength()];
        for (int i = 0; i < encKey.length; i++) encKey[i] = (byte) (i * 7 + 1);
        for (int i = 0; i < intKey.length; i++) intKey[i] = (byte) (i * 13 + 5);
        EspCipher cipher = alg.newCipher(encKey, intKey);
        assertThat(cipher.icvLength()).isEqualTo(icvLength);

        byte[] payload = new byte[61];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) i;
        ByteBuffer plain = ByteBuffer.allocate(256);
        plain.put(0, payload);
        int padded = EspTrailer.append(plain, payload.length, 4, cipher.alignment());
        assertThat(padded % 16).isZero();
        long seq = esn ? 0x0000_0003_0000_0010L : 0x10;
        ByteBuffer packet = ByteBuffer.allocate(512);
        packet.putInt(0, 0x11223344);
        packet.putInt(4, (int) seq);
        int length = cipher.seal(seq, esn, plain.slice(0, padded), packet);
        assertThat(length).isEqualTo(8 + 16 + padded + icvLength);

        byte[] wire = Arrays.copyOf(packet.array(), length);
        Mac mac = Mac.getInstance(macName);
        mac.init(new SecretKeySpec(intKey, macName));
        mac.update(wire, 0, length - icvLength);
        if (esn) mac.update(new byte[] {0, 0, 0, 3});
        byte[] expectedIcv = Arrays.copyOf(mac.doFinal(), icvLength);
        assertThat(Arrays.copyOfRange(wire, length - icvLength, length)).isEqualTo(expectedIcv);

        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encKey, "AES"), new IvParameterSpec(wire, 8, 16));
        byte[] decrypted = aes.doFinal(wire, 24, padded);
        assertThat(Arrays.copyOf(decrypted, payload.length)).isEqualTo(payload);

        ByteBuffer out = ByteBuffer.allocate(512);
        assertThat(cipher.open(seq, esn, ByteBuffer.wrap(wire), length, out)).isEqualTo(padded);
        assertThat(EspTrailer.payloadLength(out, padded)).isEqualTo(payload.length);

        byte[] forged = wire.clone();
        forged[30] ^= 0x40;
        assertThat(cipher.open(seq, esn, ByteBuffer.wrap(forged), length, ByteBuffer.allocate(512))).isEqualTo(-1);
        if (esn) {
            assertThat(cipher.open(seq + (1L << 32), true, ByteBuffer.wrap(wire), length, ByteBuffer.allocate(512))).isEqualTo(-1);
        }
    }

    @Test
    void successiveIvsDiffer() {
        EspCipher cipher = EspAlgorithms.aesCbcHmac(128, EspAlgorithms.AUTH_HMAC_SHA2_256_128).newCipher(new byte[16], new byte[32]);
        ByteBuffer a = ByteBuffer.allocate(128);
        ByteBuffer b = ByteBuffer.allocate(128);
        cipher.seal(1, false, ByteBuffer.allocate(16), a);
        cipher.seal(2, false, ByteBuffer.allocate(16), b);
        assertThat(Arrays.copyOfRange(a.array(), 8, 24)).isNotEqualTo(Arrays.copyOfRange(b.array(), 8, 24));
    }
}
