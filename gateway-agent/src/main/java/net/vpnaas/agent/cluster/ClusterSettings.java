package net.vpnaas.agent.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * One member's view of its cluster.
 *
 * @param memberId          this member's id (unique in the gateway; the election's order)
 * @param listen            where this member accepts the sync channel
 * @param peers             the other members by id, where they listen; the member with the smaller id dials
 * @param heartbeatInterval how often every member says it is alive
 * @param missedHeartbeats  after how many intervals without a word a link, or the active, counts as lost
 * @param ackTimeout        how long an exchange waits for the standbys' acknowledgement before it leaves anyway
 *                          (the standbys that did not answer are out of sync and get a fresh snapshot)
 * @param counterSyncInterval how often the active sends the data path's ESP counters to its in-sync standbys: what
 *                          the new active must skip on takeover grows with the time since the last one
 */
public record ClusterSettings(String memberId, InetSocketAddress listen, Map<String, InetSocketAddress> peers,
                              Duration heartbeatInterval, int missedHeartbeats, Duration ackTimeout, Duration counterSyncInterval) {
    public static final Duration DEFAULT_COUNTER_SYNC_INTERVAL = Duration.ofMillis(100);

    public ClusterSettings(String memberId, InetSocketAddress listen, Map<String, InetSocketAddress> peers,
                           Duration heartbeatInterval, int missedHeartbeats, Duration ackTimeout) {
        this(memberId, listen, peers, heartbeatInterval, missedHeartbeats, ackTimeout, DEFAULT_COUNTER_SYNC_INTERVAL);
    }

    public ClusterSettings {
        peers = Map.copyOf(peers);
        if (!SyncMessage.MEMBER_ID.matcher(memberId).matches()) throw new IllegalArgumentException("member id " + memberId);
        if (peers.containsKey(memberId)) throw new IllegalArgumentException("member " + memberId + " among its own peers");
        peers.keySet().forEach(id -> {
            if (!SyncMessage.MEMBER_ID.matcher(id).matches()) throw new IllegalArgumentException("member id " + id);
        });
        if (missedHeartbeats < 2) throw new IllegalArgumentException("missedHeartbeats below 2 would take one late packet for a failure");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) throw new IllegalArgumentException("heartbeatInterval");
        if (counterSyncInterval.isNegative() || counterSyncInterval.isZero()) throw new IllegalArgumentException("counterSyncInterval");
    }

    /** Silence for this long means lost. */
    public Duration deadAfter() {
        return heartbeatInterval.multipliedBy(missedHeartbeats);
    }
}
