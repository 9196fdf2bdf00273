package net.vpnaas.agent.cluster;

import java.util.regex.Pattern;
import net.vpnaas.ike.message.Bytes;

/**
 * What the members of one gateway's cluster say to each other on the sync channel (encoded by
 * {@link SyncCodec}). Every message of a member about its role carries its fencing epoch; a member that
 * sees a higher epoch than its own is behind and never acts on its own view again (see {@link ClusterMember}).
 */
public sealed interface SyncMessage {

    /** Member ids: what a gateway's configuration names its agents by, short and printable. */
    Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The first message of each side of a connection: who it is and what it believes. */
    record Hello(String memberId, long epoch, Role role) implements SyncMessage {
        public Hello {
            if (!MEMBER_ID.matcher(memberId).matches()) throw new IllegalArgumentException("member id " + memberId);
            if (epoch < 0) throw new IllegalArgumentException("epoch " + epoch);
        }
    }

    /** Sent every heartbeat interval by every member: alive, at this epoch, in this role. */
    record Heartbeat(long epoch, Role role) implements SyncMessage {
        public Heartbeat {
            if (epoch < 0) throw new IllegalArgumentException("epoch " + epoch);
        }
    }

    /** From the active: forget every SA you hold; the full set follows, then {@link SnapshotEnd}. */
    record SnapshotBegin(long epoch, long sequence) implements SyncMessage {}

    /** From the active: the state of one IKE SA with its Child SAs ({@code IkeSaStateCodec}'s encoding). */
    record SaChanged(long epoch, long sequence, Bytes state) implements SyncMessage {}

    /** From the active: the IKE SA of these SPIs is gone. */
    record SaRemoved(long epoch, long sequence, String connection, long initiatorSpi, long responderSpi) implements SyncMessage {}

    /** From the active: the snapshot begun at {@link SnapshotBegin} is complete with {@code count} IKE SAs. */
    record SnapshotEnd(long epoch, long sequence, int count) implements SyncMessage {}

    /**
     * From the active, every counter sync interval to its in-sync standbys: the data path's ESP counters
     * ({@code EspCounterSync}'s opaque snapshot). Not acknowledged: the last one wins.
     */
    record EspCounters(long epoch, Bytes snapshot) implements SyncMessage {}

    /** From a standby: everything up to and including {@code sequence} is held. */
    record Ack(long sequence) implements SyncMessage {}
}
