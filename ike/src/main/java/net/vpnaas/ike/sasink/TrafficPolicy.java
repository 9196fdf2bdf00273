package net.vpnaas.ike.sasink;

import java.util.List;

/** Outbound packets from a local selector to a remote selector go to the newest SA of {@code reqid}. */
public record TrafficPolicy(int reqid, List<TrafficSelector> local, List<TrafficSelector> remote) {
    public TrafficPolicy {
        local = List.copyOf(local);
        remote = List.copyOf(remote);
    }
}
