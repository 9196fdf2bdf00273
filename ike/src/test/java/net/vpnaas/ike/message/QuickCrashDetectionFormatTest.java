package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RFC 6290's wire formats, byte by byte: the QUICK_CRASH_DETECTION notification (section 3.1: Protocol ID
 * 1, SPI Size 0, type 16419 = 0x4023, 16-128 octets of token) and the unprotected answer of a token maker
 * that lost its state (section 3.5 with RFC 7296 2.21.4: the request's SPIs and Message ID, INFORMATIONAL,
 * the response flag, N(INVALID_IKE_SPI) = type 4, then the token).
 */
class QuickCrashDetectionFormatTest {
    private static final Bytes TOKEN = Bytes.fromHex("00112233445566778899aabbccddeeff");

    @Test
    void notificationAsRfc6290Section3_1() throws Exception {
        byte[] encoded = PayloadChain.encode(List.of(QcdTokenNotify.of(TOKEN)));
        assertThat(Bytes.wrap(encoded).hex()).isEqualTo(
                "00" + "00" + "0018"              // no next payload, not critical, length 4 + 4 + 16
                + "01" + "00" + "4023"            // Protocol ID 1 (IKE SA), SPI Size 0, QUICK_CRASH_DETECTION
                + "00112233445566778899aabbccddeeff");
        NotifyPayload back = (NotifyPayload) PayloadChain.decode(PayloadType.NOTIFY.code(), Bytes.wrap(encoded)).getFirst();
        assertThat(QcdTokenNotify.token(back)).contains(TOKEN);
    }

    @Test
    void tokenLengthsOutside16To128AreRefused() throws Exception {
        for (int length : new int[] {1, 15, 129}) {
            NotifyPayload n = new NotifyPayload(1, Bytes.EMPTY, NotifyType.QUICK_CRASH_DETECTION.code(), Bytes.wrap(new byte[length]));
            assertThatThrownBy(() -> QcdTokenNotify.token(n)).isInstanceOf(IkeDecodeException.class).hasMessageContaining(length + " octets");
        }
        NotifyPayload withSpi = new NotifyPayload(1, Bytes.wrap(new byte[8]), NotifyType.QUICK_CRASH_DETECTION.code(), TOKEN);
        assertThatThrownBy(() -> QcdTokenNotify.token(withSpi)).isInstanceOf(IkeDecodeException.class).hasMessageContaining("SPI");
        // 16 and 128 are in; none at all only announces support
        assertThat(QcdTokenNotify.token(QcdTokenNotify.of(Bytes.wrap(new byte[128])))).isPresent();
        assertThat(QcdTokenNotify.token(QcdTokenNotify.of(Bytes.EMPTY))).isEmpty();
        // Protocol ID 0, as some implementations send it, is read alike (RFC 7296 3.10: ignored without SPI)
        assertThat(QcdTokenNotify.token(new NotifyPayload(0, Bytes.EMPTY, NotifyType.QUICK_CRASH_DETECTION.code(), TOKEN))).contains(TOKEN);
    }

    @Test
    void answerOfATokenMakerThatLostItsState() throws Exception {
        // The peer, original initiator, sent INFORMATIONAL request #5 for SPIs we no longer know.
        IkeHeader request = IkeHeader.of(0x0102030405060708L, 0x1112131415161718L, ExchangeType.INFORMATIONAL, true, false, 5);
        byte[] answer = InvalidIkeSpiAnswer.to(request, TOKEN).encode();
        assertThat(Bytes.wrap(answer).hex()).isEqualTo(
                "0102030405060708" + "1112131415161718"   // the request's SPIs
                + "29" + "20" + "25" + "20"               // next: Notify, version 2.0, INFORMATIONAL, flags: Response (we are not the initiator)
                + "00000005" + "0000003c"                 // the request's Message ID, length 28 + 8 + 24 = 60
                + "29" + "00" + "0008" + "00" + "00" + "0004" // N(INVALID_IKE_SPI), next: Notify
                + "00" + "00" + "0018" + "01" + "00" + "4023" + "00112233445566778899aabbccddeeff");
        Optional<InvalidIkeSpiAnswer> decoded = InvalidIkeSpiAnswer.from(IkeMessage.decode(answer));
        assertThat(decoded).isPresent();
        assertThat(decoded.get().token()).contains(TOKEN);
        assertThat(decoded.get().header().messageId()).isEqualTo(5);
        assertThat(decoded.get().header().initiator()).isFalse();
        // As original initiator (the request came from the responder) the I flag is ours: 0x28
        IkeHeader fromResponder = IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, false, false, 0);
        assertThat(InvalidIkeSpiAnswer.to(fromResponder, TOKEN).encode()[19]).isEqualTo((byte) 0x28);
    }

    @Test
    void onlyAnUnprotectedInformationalResponseWithInvalidIkeSpiIsOne() throws Exception {
        IkeHeader response = IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, false, true, 0);
        IkeHeader request = IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, false, false, 0);
        NotifyPayload invalidSpi = NotifyPayload.of(NotifyType.INVALID_IKE_SPI);
        assertThat(InvalidIkeSpiAnswer.from(IkeMessage.of(request, List.of(invalidSpi)))).isEmpty();
        assertThat(InvalidIkeSpiAnswer.from(IkeMessage.of(response, List.of(NotifyPayload.of(NotifyType.INVALID_SYNTAX))))).isEmpty();
        assertThat(InvalidIkeSpiAnswer.from(IkeMessage.of(response, List.of(invalidSpi)))).get()
                .extracting(InvalidIkeSpiAnswer::token).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> InvalidIkeSpiAnswer.from(IkeMessage.of(response,
                List.of(invalidSpi, QcdTokenNotify.of(TOKEN), QcdTokenNotify.of(TOKEN)))))
                .isInstanceOf(IkeDecodeException.class).hasMessageContaining("two");
        assertThatThrownBy(() -> InvalidIkeSpiAnswer.from(IkeMessage.of(response, List.of(invalidSpi,
                new NotifyPayload(1, Bytes.EMPTY, NotifyType.QUICK_CRASH_DETECTION.code(), Bytes.wrap(new byte[15]))))))
                .isInstanceOf(IkeDecodeException.class);
    }
}
