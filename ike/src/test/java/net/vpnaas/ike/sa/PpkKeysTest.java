package net.vpnaas.ike.sa;

import static net.vpnaas.ike.sa.KdfFormulas.bytes;
import static net.vpnaas.ike.sa.KdfFormulas.cat;
import static net.vpnaas.ike.sa.KdfFormulas.hmac;
import static net.vpnaas.ike.sa.KdfFormulas.prfPlus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PayloadChain;
import net.vpnaas.ike.message.PpkIdentity;
import net.vpnaas.ike.message.PpkIdentityKey;
import org.junit.jupiter.api.Test;

/**
 * The keys with a post-quantum preshared key checked against the RFCs' formulas computed here with the
 * JDK's HMAC alone, after an additional key exchange (RFC 9370) as the PPK comes last: RFC 8784 section 3
 * (in IKE_AUTH) and RFC 9867 (in IKE_INTERMEDIATE, with its PPK Confirmation); and the notifications'
 * bytes as the RFCs lay them out.
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

    @Test
    void inIkeIntermediateThePpkMakesANewSkeyseedFromSkDAndAllSevenKeysChange() throws Exception {
        IkeSaKeys afterMlKem = IkeSaKeys.derive(ALGORITHMS, bytes(32, 0x33), NI, NR, SPI_I, SPI_R)
                .afterAdditionalKeyExchange(bytes(32, 0x44), NI, NR, SPI_I, SPI_R);
        IkeSaKeys withPpk = afterMlKem.withIntermediatePpk(PPK, NI, NR, SPI_I, SPI_R);

        // SKEYSEED' = prf+(PPK, SK_d), as long as the PRF's key (HMAC-SHA-256: 32 octets, the first block),
        // {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED', Ni | Nr | SPIi | SPIr).
        byte[] skeyseed = prfPlus(PPK, afterMlKem.skD(), 32);
        // AES-GCM-256: no integrity keys, 36-octet encryption keys (key and salt).
        byte[] material = prfPlus(skeyseed, cat(NI, NR, IkeSaKeys.spiBytes(SPI_I), IkeSaKeys.spiBytes(SPI_R)), 32 + 36 + 36 + 32 + 32);
        assertThat(withPpk.skD()).isEqualTo(Arrays.copyOfRange(material, 0, 32));
        assertThat(withPpk.skEi()).isEqualTo(Arrays.copyOfRange(material, 32, 68));
        assertThat(withPpk.skEr()).isEqualTo(Arrays.copyOfRange(material, 68, 104));
        assertThat(withPpk.skPi()).isEqualTo(Arrays.copyOfRange(material, 104, 136));
        assertThat(withPpk.skPr()).isEqualTo(Arrays.copyOfRange(material, 136, 168));
        // Unlike RFC 8784, SK_e changes: IKE_AUTH is encrypted under the PPK.
        assertThat(withPpk.skEi()).isNotEqualTo(afterMlKem.skEi());
    }

    @Test
    void thePpkConfirmationIsTheFirstEightOctetsOfThePrfOfThePpkOverNoncesAndSpis() throws Exception {
        IkeSa sa = new IkeSa(true, SPI_I, SPI_R, null, null);
        sa.nonces(NI, NR);
        sa.established(ALGORITHMS, IkeSaKeys.derive(ALGORITHMS, bytes(32, 0x33), NI, NR, SPI_I, SPI_R));
        byte[] full = hmac(PPK, NI, NR, IkeSaKeys.spiBytes(SPI_I), IkeSaKeys.spiBytes(SPI_R));
        assertThat(sa.ppkConfirmation(PPK)).isEqualTo(Arrays.copyOf(full, 8));
    }

    @Test
    void ppkIdentityKeyIsPpkIdFixedTheIdThenTheEightOctetConfirmation() {
        byte[] confirmation = HEX.parseHex("0102030405060708");
        Bytes encoded = PpkIdentityKey.encode("ppk-a".getBytes(), confirmation);
        assertThat(encoded.hex()).isEqualTo("02" + HEX.formatHex("ppk-a".getBytes()) + "0102030405060708");
        assertThat(PpkIdentityKey.decode(encoded)).hasValueSatisfying(o -> {
            assertThat(new String(o.ppkId())).isEqualTo("ppk-a");
            assertThat(o.confirmation()).isEqualTo(confirmation);
        });
        // The whole notification (RFC 7296 3.10): protocol 0, no SPI, type 16446, then the data.
        byte[] notify = PayloadChain.encode(List.of(NotifyPayload.of(NotifyType.PPK_IDENTITY_KEY, encoded)));
        assertThat(HEX.formatHex(notify)).isEqualTo("00000016" + "0000" + "403e" + encoded.hex());
        assertThat(HEX.formatHex(PayloadChain.encode(List.of(NotifyPayload.of(NotifyType.USE_PPK_INT, Bytes.EMPTY)))))
                .as("USE_PPK_INT, 16445, no data").isEqualTo("00000008" + "0000" + "403d");
        // A one-octet id is the shortest; less, another PPK_ID type or no data decode to nothing.
        assertThat(PpkIdentityKey.decode(Bytes.fromHex("02" + "61" + "0102030405060708"))).isPresent();
        assertThat(PpkIdentityKey.decode(Bytes.fromHex("02" + "0102030405060708"))).as("no id").isEmpty();
        assertThat(PpkIdentityKey.decode(Bytes.fromHex("01" + "61" + "0102030405060708"))).as("PPK_ID_OPAQUE").isEmpty();
        assertThat(PpkIdentityKey.decode(Bytes.EMPTY)).isEmpty();
    }
}
