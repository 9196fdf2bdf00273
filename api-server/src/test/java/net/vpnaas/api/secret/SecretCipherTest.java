package net.vpnaas.api.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import org.junit.jupiter.api.Test;

/** The ciphertext formats: what is written, what still decrypts, and how a failure reads. */
class SecretCipherTest {
    static final byte[] PSK = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    static final byte[] ROW = "peer-psk:0190aaaa-0000-7000-8000-000000000001".getBytes(StandardCharsets.UTF_8);
    final String oldKey = TestKeys.newKey();
    final String newKey = TestKeys.newKey();

    @Test
    void format2CarriesTheCurrentKeysIdAndDecrypts() throws Exception {
        SecretCipher cipher = TestKeys.cipher(oldKey);
        byte[] stored = cipher.encrypt(PSK, ROW);

        assertThat(stored[0]).isEqualTo((byte) 2);
        // the id is HKDF-SHA256 of the key under its own label: pinned, as stored ciphertexts depend on it
        byte[] id = KDF.getInstance("HKDF-SHA256").deriveData(HKDFParameterSpec.ofExtract()
                .addIKM(Base64.getDecoder().decode(oldKey)).thenExpand("vpnaas master key id".getBytes(StandardCharsets.UTF_8), 8));
        assertThat(Arrays.copyOfRange(stored, 1, 9)).isEqualTo(id);
        assertThat(stored).hasSize(1 + 8 + 12 + PSK.length + 16);
        assertThat(cipher.decrypt(stored, ROW)).isEqualTo(PSK);
        assertThat(cipher.isUnderCurrentKey(stored)).isTrue();
        assertThat(cipher.encrypt(PSK, ROW)).as("a fresh nonce each time").isNotEqualTo(stored);
    }

    @Test
    void aPreviousKeyStillDecryptsByItsIdButNoLongerEncrypts() {
        byte[] underOld = TestKeys.cipher(oldKey).encrypt(PSK, ROW);
        SecretCipher rotating = TestKeys.cipher(newKey, oldKey);

        assertThat(rotating.decrypt(underOld, ROW)).isEqualTo(PSK);
        assertThat(rotating.isUnderCurrentKey(underOld)).isFalse();
        byte[] again = rotating.reencrypt(underOld, ROW);
        assertThat(HexFormat.of().formatHex(again, 1, 9)).isEqualTo(TestKeys.idOf(newKey));
        assertThat(rotating.isUnderCurrentKey(again)).isTrue();
        assertThat(TestKeys.cipher(newKey).decrypt(again, ROW)).as("the old key is no longer needed").isEqualTo(PSK);
    }

    @Test
    void format1DecryptsUnderWhicheverConfiguredKeyWroteIt() {
        byte[] legacy = TestKeys.format1(oldKey, PSK, ROW);

        assertThat(TestKeys.cipher(oldKey).decrypt(legacy, ROW)).isEqualTo(PSK);
        assertThat(TestKeys.cipher(newKey, oldKey).decrypt(legacy, ROW)).isEqualTo(PSK);
        assertThat(TestKeys.cipher(oldKey).isUnderCurrentKey(legacy)).as("format 1 is rewritten even under the same key").isFalse();
        assertThat(TestKeys.cipher(oldKey).isUnderCurrentKey(TestKeys.cipher(oldKey).reencrypt(legacy, ROW))).isTrue();
        assertThatThrownBy(() -> TestKeys.cipher(newKey).decrypt(legacy, ROW))
                .isInstanceOf(UndecryptableSecretException.class)
                .hasMessageContaining("format 1").hasMessageContaining(TestKeys.idOf(newKey));
    }

    @Test
    void aKeyThatIsNotConfiguredIsNamedByItsId() {
        byte[] underOld = TestKeys.cipher(oldKey).encrypt(PSK, ROW);

        assertThatThrownBy(() -> TestKeys.cipher(newKey).decrypt(underOld, ROW))
                .isInstanceOf(UndecryptableSecretException.class)
                .hasMessageContaining("master key " + TestKeys.idOf(oldKey) + ", which is not configured");
    }

    @Test
    void anAlteredCiphertextOrAnotherRowsDoesNotDecrypt() {
        SecretCipher cipher = TestKeys.cipher(oldKey);
        byte[] stored = cipher.encrypt(PSK, ROW);
        byte[] flipped = stored.clone();
        flipped[flipped.length - 20] ^= 1;

        assertThatThrownBy(() -> cipher.decrypt(flipped, ROW))
                .isInstanceOf(UndecryptableSecretException.class).hasMessageContaining("altered");
        assertThatThrownBy(() -> cipher.decrypt(stored, "peer-psk:another".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UndecryptableSecretException.class).hasMessageContaining("another row");
        byte[] otherKeyId = stored.clone();
        otherKeyId[1] ^= 1;
        assertThatThrownBy(() -> TestKeys.cipher(oldKey, newKey).decrypt(otherKeyId, ROW))
                .isInstanceOf(UndecryptableSecretException.class).hasMessageContaining("not configured");
        assertThatThrownBy(() -> cipher.decrypt(new byte[] {3, 1, 2}, ROW))
                .isInstanceOf(UndecryptableSecretException.class).hasMessageContaining("format byte 3");
    }
}
