package net.vpnaas.ike.sync;

import java.time.Instant;
import java.util.List;
import net.vpnaas.ike.sa.ChildAlgorithms;
import net.vpnaas.ike.sasink.EspKeys;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * What a standby needs of one Child SA to carry its traffic and rekey it: its reqid, algorithms, both
 * directions' SPIs and keys, selectors, when it was keyed (its lifetime and rekey count from then) and
 * when its rekey is due ({@code null}: never).
 */
public record ChildSaState(int reqid, ChildAlgorithms algorithms, EspKeys inbound, EspKeys outbound,
                           List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                           Instant createdAt, Instant rekeyAt) {
    public ChildSaState {
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
    }
}
