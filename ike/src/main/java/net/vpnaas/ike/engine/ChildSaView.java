package net.vpnaas.ike.engine;

import java.time.Instant;
import java.util.List;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * One Child SA of an {@link IkeSaView}. Its traffic counters are the data path's: ask the
 * {@code SaSink} for the usage of {@code inboundSpi}.
 *
 * @param rekeyAt   when it is due to be rekeyed, null when no rekey is scheduled
 * @param expiresAt when the data path drops it if it was not rekeyed by then, null without a lifetime
 */
public record ChildSaView(int reqid, ChildSa.State state, long inboundSpi, long outboundSpi, String algorithms,
                          List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                          Instant installedAt, Instant rekeyAt, Instant expiresAt) {
    public ChildSaView {
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
    }
}
