package net.vpnaas.dataplane.tun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.ip.Checksum;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Userspace TSO must produce what the kernel's segmentation would: valid, contiguous segments. */
class TcpSegmenterTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void splitsASuperPacketIntoChecksummedContiguousSegments(int version) {
        int ip = version == 4 ? 20 : 40;
        int tcp = 32; // with options
        int payload = 3500;
        int mss = 1348;
        ByteBuffer sup = ByteBuffer.allocate(ip + tcp + payload);
        if (version == 4) {
            sup.put(0, (byte) 0x45);
            sup.putShort(2, (short) sup.capacity());
            sup.putShort(4, (short) 0x1234);
            sup.put(8, (byte) 64);
            sup.put(9, (byte) 6);
            sup.putInt(12, 0x0A010001);
            sup.putInt(16, 0x0A020001);
        } else {
            sup.putInt(0, 0x6000_0000);
            sup.putShort(4, (short) (tcp + payload));
            sup.put(6, (byte) 6);
            sup.put(7, (byte) 64);
            sup.putLong(8, 0xfd00_0001_0000_0000L);
            sup.putLong(16, 1);
            sup.putLong(24, 0xfd00_0002_0000_0000L);
            sup.putLong(32, 1);
        }
        sup.putShort(ip, (short) 40000);
        sup.putShort(ip + 2, (short) 5201);
        sup.putInt(ip + 4, 0xFFFF_F000); // sequence numbers wrap inside the super-packet
        sup.putInt(ip + 8, 777);
        sup.put(ip + 12, (byte) ((tcp / 4) << 4));
        sup.put(ip + 13, (byte) (0x80 | 0x10 | 0x08 | 0x01)); // CWR ACK PSH FIN
        for (int i = 0; i < payload; i++) sup.put(ip + tcp + i, (byte) (i * 7));

        TcpSegmenter segmenter = new TcpSegmenter();
        assertThat(segmenter.start(sup, sup.capacity(), mss)).isTrue();
        ByteBuffer out = ByteBuffer.allocate(4096);
        int sent = 0;
        int index = 0;
        for (int length; (length = segmenter.next(out)) > 0; index++) {
            int segPayload = length - ip - tcp;
            assertThat(segPayload).isEqualTo(Math.min(mss, payload - sent));
            if (version == 4) {
                assertThat(out.getShort(2) & 0xFFFF).isEqualTo(length);
                assertThat(out.getShort(4) & 0xFFFF).isEqualTo(0x1234 + index);
                assertThat(Checksum.finish(Checksum.add(0, out, 0, 20))).as("IPv4 header checksum").isZero();
            } else {
                assertThat(out.getShort(4) & 0xFFFF).isEqualTo(length - 40);
            }
            assertThat(out.getInt(ip + 4)).isEqualTo(0xFFFF_F000 + sent);
            int flags = out.get(ip + 13) & 0xFF;
            boolean last = sent + segPayload == payload;
            assertThat(flags & 0x80).as("CWR only first").isEqualTo(index == 0 ? 0x80 : 0);
            assertThat(flags & 0x09).as("FIN/PSH only last").isEqualTo(last ? 0x09 : 0);
            long sum = version == 4 ? Checksum.add(0, out, 12, 8) : Checksum.add(0, out, 8, 32);
            sum += 6 + (length - ip);
            assertThat(Checksum.finish(Checksum.add(sum, out, ip, length - ip))).as("TCP checksum").isZero();
            for (int i = 0; i < segPayload; i++) assertThat(out.get(ip + tcp + i)).isEqualTo((byte) ((sent + i) * 7));
            sent += segPayload;
        }
        assertThat(sent).isEqualTo(payload);
        assertThat(index).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 17})
    void refusesWhatIsNotTcp(int protocol) {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.put(0, (byte) 0x45);
        b.put(9, (byte) protocol);
        assertThat(new TcpSegmenter().start(b, 100, 1000)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 1400, 1401})
    void checksumOfEightByteChunksEqualsWordByWord(int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) b.put(i, (byte) (i * 31 + 7));
        long wordByWord = 0;
        for (int i = 0; i + 1 < length; i += 2) wordByWord += b.getShort(i) & 0xFFFF;
        if (length % 2 == 1) wordByWord += (b.get(length - 1) & 0xFF) << 8;
        assertThat(Checksum.finish(Checksum.add(0, b, 0, length))).isEqualTo(Checksum.finish(wordByWord));
    }
}
