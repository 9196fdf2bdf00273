package net.vpnaas.ike.sa;

import static net.vpnaas.ike.sa.KdfFormulas.bytes;
import static net.vpnaas.ike.sa.KdfFormulas.hmac;
import static net.vpnaas.ike.sa.KdfFormulas.prfPlus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.PpkIdentity;
import org.junit.jupiter.api.Test;

/**
 * The keys with a post-quantum preshared key (RFC 8784 section 3) checked against the RFC's formulas
 * computed here with the JDK's HMAC alone, after an additional key exchange (RFC 9370) as the PPK comes last.
 */
class PpkKeysTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final IkeAlgorithms ALGORITHMS = new IkeAlgorithms(new CipherChoice(EncryptionAlgorithm.AES_GCM_16, 256), null,
            PrfAlgorithm.HMAC_SHA2_256, KeyExchangeMethod.CURVE25519, List.of(new AdditionalKeyExchange(1, KeyExchangeMethod.ML_KEM_768)));
    private static final byte[] NI = bytes(32, 0x11);
    private static final byte[] NR = bytes(32, 0x22);
    private static final long SPI_I = 0x0102030405060708L;
    private static final long SPI_R = 0x1112131415161718L;
    private static final byte[] PPK = bytes(48, 0x55);

    @Test
    void skDSkPiAndSkPrAreThePrfPlusOfThePpkOverTheKeysOfTheLastKeyExchange() throws Exception {
        IkeSaKeys afterMlKem = IkeSaKeys.derive(ALGORITHMS, bytes(32, 0x33), NI, NR, SPI_I, SPI_R)
                .afterAdditionalKeyExchange(bytes(32, 0x44), NI, NR, SPI_I, SPI_R);
        IkeSaKeys withPpk = afterMlKem.withPpk(PPK);

        // SK_d = prf+(PPK, SK_d'), SK_pi = prf+(PPK, SK_pi'), SK_pr = prf+(PPK, SK_pr'), each of the PRF's
        // output length: with HMAC-SHA-256 the first block, T1 = prf(PPK, SK_x' | 0x01).
        assertThat(HEX.formatHex(withPpk.skD())).isEqualTo(HEX.formatHex(hmac(PPK, afterMlKem.skD(), new byte[] {1})));
        assertThat(withPpk.skPi()).isEqualTo(prfPlus(PPK, afterMlKem.skPi(), 32));
        assertThat(withPpk.skPr()).isEqualTo(prfPlus(PPK, afterMlKem.skPr(), 32));
        assertThat(withPpk.skD()).isNotEqualTo(afterMlKem.skD());
        // SK_e and SK_a stay: the IKE_AUTH messages are protected alike with and without the PPK.
        assertThat(withPpk.skEi()).isEqualTo(afterMlKem.skEi());
        assertThat(withPpk.skEr()).isEqualTo(afterMlKem.skEr());
        assertThat(withPpk.skAi()).isEqualTo(afterMlKem.skAi());
        assertThat(withPpk.skAr()).isEqualTo(afterMlKem.skAr());
    }

    @Test
    void anotherPpkGivesOtherKeys() {
        IkeSaKeys keys = IkeSaKeys.derive(ALGORITHMS, bytes(32, 0x33), NI, NR, SPI_I, SPI_R);
        assertThat(keys.withPpk(bytes(48, 0x56)).skPi()).isNotEqualTo(keys.withPpk(PPK).skPi());
    }

    @Test
    void ppkIdentityIsPpkIdFixedThenTheId() {
        Bytes encoded = PpkIdentity.encode("ppk-a".getBytes());
        assertThat(encoded.hex()).isEqualTo("02" + HEX.formatHex("ppk-a".getBytes()));
        assertThat(PpkIdentity.decode(encoded)).hasValueSatisfying(id -> assertThat(new String(id)).isEqualTo("ppk-a"));
        assertThat(PpkIdentity.decode(Bytes.fromHex("01" + HEX.formatHex("ppk-a".getBytes())))).as("PPK_ID_OPAQUE").isEmpty();
        assertThat(PpkIdentity.decode(Bytes.fromHex("02"))).as("no id").isEmpty();
        assertThat(PpkIdentity.decode(Bytes.EMPTY)).as("the responder's empty PPK_IDENTITY").isEmpty();
    }
}
