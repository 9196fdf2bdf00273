package net.vpnaas.dataplane.sync;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import net.vpnaas.dataplane.sad.SaEventListener;
import net.vpnaas.dataplane.sad.Sad;

/**
 * Jazzer target over what a standby does with counter snapshot bytes from the sync channel: decode them and,
 * when they decode, import them and take over. Any exception but {@link SnapshotDecodeException} is a finding,
 * and so is a decoded snapshot that does not encode back to the same bytes (two encodings of one state).
 */
public final class EspCounterSnapshotFuzzTarget {
    private static final SaEventListener IGNORE = new SaEventListener() {
        @Override
        public void expired(long inboundSpi, Limit limit) {}

        @Override
        public void acquire(int reqid) {}
    };

    private EspCounterSnapshotFuzzTarget() {}

    public static void fuzzerTestOneInput(byte[] data) {
        EspCounterSnapshot snapshot;
        try {
            snapshot = EspCounterSnapshot.decode(data);
        } catch (SnapshotDecodeException e) {
            return;
        }
        if (!Arrays.equals(snapshot.encode(), data)) throw new IllegalStateException("decoded bytes encode differently");
        DataPlaneCounterSync standby = new DataPlaneCounterSync(new Sad(IGNORE), SequenceAdvance.DEFAULT, System::nanoTime);
        try {
            standby.importSnapshot(data);
        } catch (SnapshotDecodeException e) {
            throw new IllegalStateException("decoded once, refused on import", e);
        }
        standby.advanceForTakeover(Duration.ofMillis(data.length), java.util.List.of(0x1234L, 0xC0010001L));
    }

    /** Starting points: the codec test's sample (three SAs, one with ESN, one spent) and an empty snapshot. */
    public static Map<String, byte[]> seeds() {
        return Map.of("three-sas", EspCounterSnapshotCodecTest.sample().encode(),
                "empty", new EspCounterSnapshot(java.time.Instant.EPOCH, java.util.List.of()).encode());
    }
}
