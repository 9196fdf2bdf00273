package net.vpnaas.dataplane.sync;

import java.util.List;
import java.util.Map;

/**
 * What a takeover did to the inherited counters.
 *
 * @param nextOutbound           by inbound SPI: the first outbound sequence number this member sends
 * @param mustRekey              inbound SPIs whose counter the advance exhausted: they do not send and are
 *                               rekeyed (the data path reports them as soft-expired when installed)
 * @param replayCounterSyncDelta what to ask the peer with RFC 6311's IPSEC_REPLAY_COUNTER_SYNC: its outbound
 *                               numbers (our inbound windows) jump by at least as much as the member before
 *                               may have accepted since the snapshot, so no packet it accepted then passes
 *                               here again; 0 when nothing was taken over
 */
public record Takeover(Map<Long, Long> nextOutbound, List<Long> mustRekey, long replayCounterSyncDelta) {
    public Takeover {
        nextOutbound = Map.copyOf(nextOutbound);
        mustRekey = List.copyOf(mustRekey);
    }
}
