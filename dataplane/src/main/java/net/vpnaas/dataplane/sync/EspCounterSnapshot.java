package net.vpnaas.dataplane.sync;

import java.time.Instant;
import java.util.List;

/** The ESP counters of every SA of a data path at one moment (wall clock of the member that took it). */
public record EspCounterSnapshot(Instant takenAt, List<SaCounters> sas) {
    public EspCounterSnapshot {
        sas = List.copyOf(sas);
    }

    public byte[] encode() {
        return EspCounterSnapshotCodec.encode(this);
    }

    public static EspCounterSnapshot decode(byte[] bytes) throws SnapshotDecodeException {
        return EspCounterSnapshotCodec.decode(bytes);
    }
}
