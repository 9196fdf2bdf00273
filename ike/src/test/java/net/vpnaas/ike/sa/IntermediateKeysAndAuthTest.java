package net.vpnaas.ike.sa;

import static net.vpnaas.ike.sa.KdfFormulas.bytes;
import static net.vpnaas.ike.sa.KdfFormulas.cat;
import static net.vpnaas.ike.sa.KdfFormulas.hmac;
import static net.vpnaas.ike.sa.KdfFormulas.prfPlus;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import org.junit.jupiter.api.Test;

/**
 * The key update after an additional key exchange (RFC 9370 2.2.2) and the IntAuth chains (RFC 9242
 * 3.3), each checked against the RFC formulas computed here with the JDK's HMAC alone.
 */
class IntermediateKeysAndAuthTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final IkeAlgorithms ALGORITHMS = new IkeAlgorithms(new CipherChoice(EncryptionAlgorithm.AES_GCM_16, 256), null,
            PrfAlgorithm.HMAC_SHA2_256, KeyExchangeMethod.CURVE25519, List.of(new AdditionalKeyExchange(1, KeyExchangeMethod.ML_KEM_768)));
    private static final byte[] NI = bytes(32, 0x11);
    private static final byte[] NR = bytes(32, 0x22);
    private static final long SPI_I = 0x0102030405060708L;
    private static final long SPI_R = 0x1112131415161718L;

    @Test
    void keysAfterAnAdditionalKeyExchangeFollowRfc9370() throws Exception {
        IkeSaKeys before = IkeSaKeys.derive(ALGORITHMS, bytes(32, 0x33), NI, NR, SPI_I, SPI_R);
        byte[] sharedSecret = bytes(32, 0x44); // an ML-KEM shared secret is 32 bytes
        IkeSaKeys after = before.afterAdditionalKeyExchange(sharedSecret, NI, NR, SPI_I, SPI_R);

        // SKEYSEED(1) = prf(SK_d(0), SK(1) | Ni | Nr)
        byte[] skeyseed = hmac(before.skD(), sharedSecret, NI, NR);
        // {SK_d(1) | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED(1), Ni | Nr | SPIi | SPIr);
        // AES-GCM-256: no SK_a, SK_e is 32 key bytes + 4 salt bytes (RFC 5282).
        byte[] spis = ByteBuffer.allocate(16).putLong(SPI_I).putLong(SPI_R).array();
        byte[] m = prfPlus(skeyseed, cat(NI, NR, spis), 32 + 36 + 36 + 32 + 32);
        assertThat(HEX.formatHex(after.skD())).isEqualTo(HEX.formatHex(Arrays.copyOfRange(m, 0, 32)));
        assertThat(after.skEi()).isEqualTo(Arrays.copyOfRange(m, 32, 68));
        assertThat(after.skEr()).isEqualTo(Arrays.copyOfRange(m, 68, 104));
        assertThat(after.skPi()).isEqualTo(Arrays.copyOfRange(m, 104, 136));
        assertThat(after.skPr()).isEqualTo(Arrays.copyOfRange(m, 136, 168));
        assertThat(after.skD()).isNotEqualTo(before.skD());
    }

    @Test
    void authenticatedOctetsAreTheHeaderAndSkHeaderWithPlaintextLengthsThenTheInnerPayloads() {
        IkeHeader h = IkeHeader.of(SPI_I, SPI_R, ExchangeType.IKE_INTERMEDIATE, true, false, 1);
        byte[] chain = bytes(10, 0x55); // stands for a KE payload's encoding
        byte[] octets = IkeMessage.intermediateAuthenticatedOctets(h, 34, Bytes.wrap(chain));
        String expected = "0102030405060708" + "1112131415161718"
                + "2e" + "20" + "2b" + "08" + "00000001" + "0000002a"   // next SK(46), v2.0, IKE_INTERMEDIATE(43), I, MID 1, length 28+4+10
                + "22" + "00" + "000e"                                    // SK header: first inner KE(34), length 4+10
                + "55".repeat(10);
        assertThat(HEX.formatHex(octets)).isEqualTo(expected);
    }

    @Test
    void intAuthChainsEachDirectionWithTheKeysOfItsExchangeThenAppendsTheIkeAuthMessageId() throws Exception {
        IntermediateAuth auth = new IntermediateAuth();
        assertThat(auth.intAuth(1)).as("no IKE_INTERMEDIATE exchange, no IntAuth").isEmpty();
        IkeSaKeys k1 = IkeSaKeys.derive(ALGORITHMS, bytes(32, 0x33), NI, NR, SPI_I, SPI_R);
        IkeSaKeys k2 = k1.afterAdditionalKeyExchange(bytes(32, 0x44), NI, NR, SPI_I, SPI_R);
        byte[] i1 = bytes(50, 1), r1 = bytes(60, 2), i2 = bytes(70, 3), r2 = bytes(80, 4);
        auth.add(true, k1, i1);
        auth.add(false, k1, r1);
        auth.add(true, k2, i2);
        auth.add(false, k2, r2);

        // IntAuth_i1 = prf(SK_pi1, IntAuth_i1_A | IntAuth_i1_P); IntAuth_i2 = prf(SK_pi2, IntAuth_i1 | IntAuth_i2_A | IntAuth_i2_P)
        byte[] intAuthI = hmac(k2.skPi(), hmac(k1.skPi(), i1), i2);
        byte[] intAuthR = hmac(k2.skPr(), hmac(k1.skPr(), r1), r2);
        // IntAuth = IntAuth_iN | IntAuth_rN | IKE_AUTH_MID (4 octets)
        assertThat(HEX.formatHex(auth.intAuth(3))).isEqualTo(HEX.formatHex(intAuthI) + HEX.formatHex(intAuthR) + "00000003");
    }
}
