package net.vpnaas.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.HexFormat;
import java.util.List;
import net.vpnaas.ike.message.Bytes;
import org.junit.jupiter.api.Test;

/** The sync channel's frames byte by byte (layout in {@link SyncCodec}), and what the decoder refuses. */
class SyncCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    static List<SyncMessage> examples() {
        return List.of(new SyncMessage.Hello("agent-1.fra", 7, Role.ACTIVE), new SyncMessage.Heartbeat(7, Role.STANDBY),
                new SyncMessage.SnapshotBegin(7, 42), new SyncMessage.SaChanged(7, 43, Bytes.fromHex("494b535301")),
                new SyncMessage.SaRemoved(7, 44, "berlin-lan", 0x1122334455667788L, 0x99aabbccddeeff00L),
                new SyncMessage.SnapshotEnd(7, 42, 3), new SyncMessage.Ack(44),
                new SyncMessage.EspCounters(7, Bytes.fromHex("45535043010203")));
    }

    @Test
    void framesAreAsSpecified() {
        // length 0x17: version 1, type 1, id length 11, "agent-1.fra", epoch 7, role active
        assertThat(hex(new SyncMessage.Hello("agent-1.fra", 7, Role.ACTIVE)))
                .isEqualTo("00000017" + "01" + "01" + "0b" + HEX.formatHex("agent-1.fra".getBytes()) + "0000000000000007" + "01");
        assertThat(hex(new SyncMessage.Heartbeat(7, Role.STANDBY))).isEqualTo("0000000b" + "0102" + "0000000000000007" + "00");
        assertThat(hex(new SyncMessage.SaChanged(7, 43, Bytes.fromHex("494b535301"))))
                .isEqualTo("00000017" + "0104" + "0000000000000007" + "000000000000002b" + "494b535301");
        assertThat(hex(new SyncMessage.SaRemoved(7, 44, "t", 0x1122334455667788L, 0x99aabbccddeeff00L)))
                .isEqualTo("00000025" + "0105" + "0000000000000007" + "000000000000002c" + "0001" + "74"
                        + "1122334455667788" + "99aabbccddeeff00");
        assertThat(hex(new SyncMessage.SnapshotEnd(7, 42, 3))).isEqualTo("00000016" + "0106" + "0000000000000007"
                + "000000000000002a" + "00000003");
        assertThat(hex(new SyncMessage.Ack(44))).isEqualTo("0000000a" + "0107" + "000000000000002c");
        // length 0x0e: version 1, type 8, epoch 7, then the data path's snapshot as it came
        assertThat(hex(new SyncMessage.EspCounters(7, Bytes.fromHex("494b5353")))).isEqualTo("0000000e" + "0108" + "0000000000000007" + "494b5353");
    }

    @Test
    void everyMessageSurvivesTheWireAndAStreamOfThem() throws Exception {
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        for (SyncMessage m : examples()) {
            assertThat(SyncCodec.decode(SyncCodec.encode(m))).isEqualTo(m);
            stream.writeBytes(SyncCodec.encode(m));
        }
        ByteArrayInputStream in = new ByteArrayInputStream(stream.toByteArray());
        for (SyncMessage m : examples()) assertThat(SyncCodec.read(in)).isEqualTo(m);
        assertThatThrownBy(() -> SyncCodec.read(in)).isInstanceOf(EOFException.class);
    }

    @Test
    void refusesWhatIsNotAFrameOfOurs() {
        String heartbeat = "0000000b" + "0102" + "0000000000000007" + "00";
        refused("0000000b" + "0202" + "0000000000000007" + "00", "version 2");
        refused("0000000b" + "0109" + "0000000000000007" + "00", "unknown message type 9");
        refused("0000000b" + "0102" + "0000000000000007" + "02", "role 2");
        refused("0000000b" + "0102" + "8000000000000007" + "00", "epoch above 2^63");
        refused("0000000c" + "0102" + "0000000000000007" + "0000", "1 octets after the Heartbeat");
        refused("0000000a" + "0102" + "0000000000000007", "truncated at role");
        refused(heartbeat + "00", "length 11 in a frame of 12 octets");
        refused("00000012" + "0104" + "0000000000000007" + "000000000000002b", "SaChanged without state");
        refused("0000000a" + "0108" + "0000000000000007", "EspCounters without a snapshot");
        refused("0000000e" + "0108" + "8000000000000007" + "494b5353", "epoch above 2^63");
        refused("00000006" + "0101" + "03" + "612f62" + "", "member id is not");
        refused("00000005" + "0101" + "00" + "0000", "member id is not");
        refused("00000025" + "0105" + "0000000000000007" + "000000000000002c" + "0001" + "74" + "0000000000000000" + "99aabbccddeeff00",
                "SPI of zero");
        refused("00000001" + "01", "frame length 1");
        // The length is checked before anything is read or allocated: 2^31 would otherwise ask for 2 GiB.
        refused("80000000" + "0102", "frame length 2147483648");
        refused("00800001" + "0102", "frame length 8388609");
    }

    @Test
    void aStreamCutInsideAFrameEndsTheConnection() {
        byte[] frame = SyncCodec.encode(new SyncMessage.Ack(1));
        assertThatThrownBy(() -> SyncCodec.read(new ByteArrayInputStream(frame, 0, frame.length - 1))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> SyncCodec.read(new ByteArrayInputStream(frame, 0, 2))).isInstanceOf(EOFException.class);
    }

    private static String hex(SyncMessage m) {
        return HEX.formatHex(SyncCodec.encode(m));
    }

    private static void refused(String hex, String why) {
        assertThatThrownBy(() -> SyncCodec.decode(HEX.parseHex(hex))).isInstanceOf(SyncDecodeException.class).hasMessageContaining(why);
    }
}
