package net.vpnaas.dataplane.sync;

import java.time.Duration;
import java.util.Collection;

/**
 * ESP counter replication between the members of a cluster (what the cluster code calls; it carries the
 * bytes, this side knows what they mean).
 *
 * <ul>
 *   <li>Active: {@link #snapshot()} periodically (every 100 ms or so) and send the bytes to every standby.
 *       It never stops the traffic; the shorter the interval, the smaller the window of inbound packets a
 *       takeover cannot recognise as replays without RFC 6311 (see {@link Takeover#replayCounterSyncDelta}).</li>
 *   <li>Standby: {@link #importSnapshot} each one received (the last one wins).</li>
 *   <li>Takeover, before the IKE SAs are imported into the engine (which installs their Child SAs):
 *       {@link #advanceForTakeover} with the time since the last snapshot arrived ({@link #sinceLastImport()}) and
 *       the inbound SPIs of the Child SAs of the IKE state taken over.
 *       Every SA installed afterwards, and every one installed already, continues past what the member before
 *       can have sent, with its replay window.</li>
 * </ul>
 */
public interface EspCounterSync {

    /** Every SA's counters now, encoded (see {@link EspCounterSnapshotCodec}); measures the rates as it goes. */
    byte[] snapshot();

    /** Keeps what an active member sent, to continue from it on takeover; refused whole if malformed. */
    void importSnapshot(byte[] snapshot) throws SnapshotDecodeException;

    /** Time since the last {@link #importSnapshot}, on this member's monotonic clock; empty before the first. */
    java.util.Optional<Duration> sinceLastImport();

    /**
     * This member takes over: every SA of the last imported snapshot continues {@link SequenceAdvance#packets}
     * after the number it had, and with its replay window. An SA taken over that the snapshot lacks was set up
     * (or rekeyed) after it: the member before may have sent on it since, at up to the highest rate of the
     * snapshot's SAs (a rekeyed SA carries its predecessor's traffic), so it starts that far past 1. Before any
     * snapshot arrived nothing bounds what the other sent: every SA taken over is rekeyed ({@link Takeover#mustRekey})
     * and sends nothing until then. Call before the SAs are installed: one installed earlier may have sent low
     * numbers already.
     *
     * @param sinceLastSnapshot how long ago the last snapshot was taken (at least since it arrived)
     * @param takenOver         the inbound SPIs of every Child SA this member takes over (from the IKE state)
     */
    Takeover advanceForTakeover(Duration sinceLastSnapshot, Collection<Long> takenOver);
}
