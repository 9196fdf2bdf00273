package net.vpnaas.ike.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.IntegrityCheckException;
import net.vpnaas.ike.crypto.SkCipher;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import org.junit.jupiter.api.Test;

/**
 * RFC 7634 Appendix B, "IKEv2 Example": an INFORMATIONAL request carrying N(SET_WINDOW_SIZE = 10) in
 * an SK payload protected with ChaCha20-Poly1305. The whole 69-byte message is rebuilt through our
 * codec and {@link SkProtection} and compared byte for byte, then opened again.
 */
class Rfc7634IkeExampleTest {
    private static final HexFormat HEX = HexFormat.of();

    /** KEYMAT: the 32-byte ChaCha20 key followed by the 4-byte salt (RFC 7634 section 3). */
    private static final byte[] KEY_AND_SALT = HEX.parseHex(
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f" + "a0a1a2a3");
    private static final byte[] IV = HEX.parseHex("1011121314151617");

    /** IKE header (SPIs c0.., d0.., next SK, v2.0, INFORMATIONAL, no flags, message id 9, length 69) and SK header (next N, length 41). */
    private static final String AAD = "c0c1c2c3c4c5c6c7" + "d0d1d2d3d4d5d6d7" + "2e202500" + "00000009" + "00000045"
            + "29000029";
    /** Notify payload (next none, length 12, protocol 0, SPI size 0, type 16385, data 0000000a) and pad length 0. */
    private static final String PADDED_PLAINTEXT = "0000000c" + "00004001" + "0000000a" + "00";
    private static final String CIPHERTEXT = "610394701f8d017f7c12924889";
    private static final String TAG = "6b71bfe25236efd7cdc670669063" + "15b2";
    private static final String MESSAGE = AAD + "1011121314151617" + CIPHERTEXT + TAG;

    @Test
    void skCipherSealsAndOpensTheExample() throws Exception {
        SkCipher c = SkCipher.create(EncryptionAlgorithm.CHACHA20_POLY1305, KEY_AND_SALT, null, new byte[0]);
        byte[] sealed = c.seal(HEX.parseHex(AAD), IV, HEX.parseHex(PADDED_PLAINTEXT));
        assertThat(HEX.formatHex(sealed)).isEqualTo(CIPHERTEXT + TAG);
        assertThat(HEX.formatHex(c.open(HEX.parseHex(AAD), IV, sealed))).isEqualTo(PADDED_PLAINTEXT);
    }

    @Test
    void wholeMessageIsBuiltByteForByte() {
        SkCipher c = SkCipher.create(EncryptionAlgorithm.CHACHA20_POLY1305, KEY_AND_SALT, null, new byte[0]);
        IkeHeader h = IkeHeader.of(0xc0c1c2c3c4c5c6c7L, 0xd0d1d2d3d4d5d6d7L, ExchangeType.INFORMATIONAL, false, false, 9);
        List<Payload> inner = List.of(NotifyPayload.of(NotifyType.SET_WINDOW_SIZE, Bytes.wrap(HEX.parseHex("0000000a"))));
        // The only random input of sealing is the IV; the example's IV stands in for it.
        byte[] wire = SkProtection.seal(h, inner, c, out -> System.arraycopy(IV, 0, out, 0, out.length));
        assertThat(HEX.formatHex(wire)).isEqualTo(MESSAGE);
    }

    @Test
    void exampleMessageDecodesAndOpens() throws Exception {
        SkCipher c = SkCipher.create(EncryptionAlgorithm.CHACHA20_POLY1305, KEY_AND_SALT, null, new byte[0]);
        IkeMessage m = IkeMessage.decode(HEX.parseHex(MESSAGE));
        assertThat(m.header().exchangeType()).isEqualTo(ExchangeType.INFORMATIONAL);
        assertThat(m.header().messageId()).isEqualTo(9);
        assertThat(m.header().initiator()).isFalse();
        assertThat(m.header().response()).isFalse();
        assertThat(HEX.formatHex(m.associatedData().toByteArray())).isEqualTo(AAD);
        List<Payload> inner = SkProtection.open(m, c);
        assertThat(inner).hasSize(1);
        NotifyPayload n = (NotifyPayload) inner.getFirst();
        assertThat(n.notifyType()).isEqualTo(NotifyType.SET_WINDOW_SIZE);
        assertThat(HEX.formatHex(n.data().toByteArray())).isEqualTo("0000000a");
    }

    @Test
    void aFlippedTagBitIsRejected() throws Exception {
        SkCipher c = SkCipher.create(EncryptionAlgorithm.CHACHA20_POLY1305, KEY_AND_SALT, null, new byte[0]);
        byte[] wire = HEX.parseHex(MESSAGE);
        wire[wire.length - 1] ^= 0x01;
        IkeMessage m = IkeMessage.decode(wire);
        assertThatThrownBy(() -> SkProtection.open(m, c)).isInstanceOf(IntegrityCheckException.class);
    }
}
