package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6311's notifications byte by byte (section 4): IKEV2_MESSAGE_ID_SYNC (16422 = 0x4026) with a 4-octet
 * nonce, EXPECTED_SEND_REQ_MESSAGE_ID and EXPECTED_RECV_REQ_MESSAGE_ID; IPSEC_REPLAY_COUNTER_SYNC (16423 =
 * 0x4027) with the incoming IPsec SA delta; the two _SUPPORTED notifications (16420, 16421) without data.
 */
class HighAvailabilityFormatTest {

    @Test
    void messageIdSync() throws Exception {
        MessageIdSyncNotify n = new MessageIdSyncNotify(Bytes.fromHex("a1b2c3d4"), 7, 0xfffffffeL);
        byte[] encoded = PayloadChain.encode(List.of(n.payload()));
        assertThat(Bytes.wrap(encoded).hex()).isEqualTo(
                "00" + "00" + "0014"          // no next payload, length 4 + 4 + 12
                + "00" + "00" + "4026"        // Protocol ID 0, SPI Size 0, IKEV2_MESSAGE_ID_SYNC
                + "a1b2c3d4" + "00000007" + "fffffffe");
        NotifyPayload back = (NotifyPayload) PayloadChain.decode(PayloadType.NOTIFY.code(), Bytes.wrap(encoded)).getFirst();
        assertThat(MessageIdSyncNotify.decode(back)).isEqualTo(n);
        for (int length : new int[] {0, 4, 11, 13}) {
            NotifyPayload bad = NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC, Bytes.wrap(new byte[length]));
            assertThatThrownBy(() -> MessageIdSyncNotify.decode(bad)).isInstanceOf(IkeDecodeException.class)
                    .hasMessageContaining(length + " octets");
        }
        NotifyPayload withSpi = new NotifyPayload(1, Bytes.wrap(new byte[8]), NotifyType.IKEV2_MESSAGE_ID_SYNC.code(), Bytes.wrap(new byte[12]));
        assertThatThrownBy(() -> MessageIdSyncNotify.decode(withSpi)).isInstanceOf(IkeDecodeException.class);
    }

    @Test
    void replayCounterSync() throws Exception {
        ReplayCounterSyncNotify narrow = new ReplayCounterSyncNotify(1_000_000, false);
        ReplayCounterSyncNotify wide = new ReplayCounterSyncNotify(0x1_0000_0000L, true);
        assertThat(Bytes.wrap(PayloadChain.encode(List.of(narrow.payload()))).hex())
                .isEqualTo("0000000c" + "00004027" + "000f4240");          // 4 octets without ESN
        assertThat(Bytes.wrap(PayloadChain.encode(List.of(wide.payload()))).hex())
                .isEqualTo("00000010" + "00004027" + "0000000100000000");  // 8 with ESN
        assertThat(ReplayCounterSyncNotify.decode(narrow.payload())).isEqualTo(narrow);
        assertThat(ReplayCounterSyncNotify.decode(wide.payload())).isEqualTo(wide);
        for (int length : new int[] {0, 3, 5, 9}) {
            NotifyPayload bad = NotifyPayload.of(NotifyType.IPSEC_REPLAY_COUNTER_SYNC, Bytes.wrap(new byte[length]));
            assertThatThrownBy(() -> ReplayCounterSyncNotify.decode(bad)).isInstanceOf(IkeDecodeException.class)
                    .hasMessageContaining(length + " octets");
        }
        NotifyPayload negative = NotifyPayload.of(NotifyType.IPSEC_REPLAY_COUNTER_SYNC, Bytes.fromHex("8000000000000000"));
        assertThatThrownBy(() -> ReplayCounterSyncNotify.decode(negative)).isInstanceOf(IkeDecodeException.class);
    }

    @Test
    void supportNotificationsCarryNothing() {
        assertThat(Bytes.wrap(PayloadChain.encode(List.of(NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED,
                Bytes.EMPTY), NotifyPayload.of(NotifyType.IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED)))).hex())
                .isEqualTo("29000008" + "00004024" + "00000008" + "00004025");
    }
}
