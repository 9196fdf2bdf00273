package net.vpnaas.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.vpnaas.dataplane.replay.ReplayWindow;
import org.junit.jupiter.api.Test;

public class EspCounterSnapshotCodecTest {

    public static EspCounterSnapshot sample() {
        ReplayWindow w = new ReplayWindow(100, false);
        for (long s : new long[] {1, 2, 3, 7, 50, 99}) w.accept(s);
        ReplayWindow esn = new ReplayWindow(64, true);
        esn.accept((5L << 32) + 17);
        return new EspCounterSnapshot(Instant.ofEpochMilli(1_700_000_000_123L), List.of(
                new SaCounters(0xC0010001L, false, 12_345, 800, 400, w.export()),
                new SaCounters(0xFFFF_FFF0L, true, (7L << 32) + 3, 0, 0, esn.export()),
                new SaCounters(0x1234, false, 1L << 32, 0, 0, new ReplayWindow(0, false).export())));
    }

    @Test
    void roundTripsEveryField() throws Exception {
        EspCounterSnapshot s = sample();
        EspCounterSnapshot back = EspCounterSnapshot.decode(s.encode());
        assertThat(back.takenAt()).isEqualTo(s.takenAt());
        assertThat(back.sas()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            SaCounters a = s.sas().get(i);
            SaCounters b = back.sas().get(i);
            assertThat(b).usingRecursiveComparison().isEqualTo(a);
            assertThat(b.window().received()).containsExactly(a.window().received());
        }
        assertThat(back.encode()).isEqualTo(s.encode());
    }

    @Test
    void headerIsMagicVersionTimeCount() {
        ByteBuffer b = ByteBuffer.wrap(sample().encode());
        assertThat(new String(b.array(), 0, 4)).isEqualTo("ESPC");
        assertThat(b.get(4)).isEqualTo((byte) 1);
        assertThat(b.getLong(5)).isEqualTo(1_700_000_000_123L);
        assertThat(b.getInt(13)).isEqualTo(3);
        assertThat(b.getInt(17)).isEqualTo(0xC0010001); // first SA's SPI
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] bytes = sample().encode();
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> EspCounterSnapshot.decode(cut)).as("length " + n).isInstanceOf(SnapshotDecodeException.class);
        }
    }

    @Test
    void trailingOctetsAreRefused() {
        byte[] bytes = Arrays.copyOf(sample().encode(), sample().encode().length + 1);
        assertThatThrownBy(() -> EspCounterSnapshot.decode(bytes)).hasMessageContaining("after the end");
    }

    @Test
    void anotherVersionIsRefused() {
        byte[] bytes = sample().encode();
        bytes[4] = 2;
        assertThatThrownBy(() -> EspCounterSnapshot.decode(bytes)).hasMessageContaining("version 2");
    }

    @Test
    void inconsistentContentIsRefused() {
        byte[] bytes = sample().encode();
        // first SA: flags at 21, next outbound at 22, window size at 54, bitmap from 58
        assertThatThrownBy(() -> EspCounterSnapshot.decode(with(bytes, b -> b.put(21, (byte) 4)))).hasMessageContaining("flags");
        assertThatThrownBy(() -> EspCounterSnapshot.decode(with(bytes, b -> b.putLong(22, 0)))).hasMessageContaining("next outbound");
        assertThatThrownBy(() -> EspCounterSnapshot.decode(with(bytes, b -> b.putLong(22, (1L << 32) + 1)))).hasMessageContaining("next outbound");
        assertThatThrownBy(() -> EspCounterSnapshot.decode(with(bytes, b -> b.putInt(54, 1 << 17)))).hasMessageContaining("window of");
        // window of 100: the second word holds 36 bits; bit 40 is beyond it
        assertThatThrownBy(() -> EspCounterSnapshot.decode(with(bytes, b -> b.putLong(66, 1L << 40)))).hasMessageContaining("beyond");
        assertThatThrownBy(() -> EspCounterSnapshot.decode(with(bytes, b -> b.putInt(13, Integer.MAX_VALUE)))).hasMessageContaining("count");
        assertThatThrownBy(() -> EspCounterSnapshot.decode(with(bytes, b -> b.putInt(0, 0)))).hasMessageContaining("not an ESP");
    }

    @Test
    void anSpiTwiceIsRefused() {
        SaCounters one = sample().sas().get(0);
        byte[] bytes = new EspCounterSnapshot(Instant.EPOCH, List.of(one, one)).encode();
        assertThatThrownBy(() -> EspCounterSnapshot.decode(bytes)).hasMessageContaining("twice");
    }

    private static byte[] with(byte[] bytes, java.util.function.Consumer<ByteBuffer> change) {
        byte[] copy = bytes.clone();
        change.accept(ByteBuffer.wrap(copy));
        return copy;
    }
}
