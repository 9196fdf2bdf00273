package net.vpnaas.dataplane.spd;

import java.util.List;

/**
 * Outbound packets from a {@code local} selector to a {@code remote} selector are protected by the
 * newest SA of {@code reqid}; inbound packets decrypted by an SA of that reqid must come from a
 * remote selector to a local one.
 */
public record TrafficPolicy(int reqid, List<TrafficSelector> local, List<TrafficSelector> remote) {
    public TrafficPolicy {
        local = List.copyOf(local);
        remote = List.copyOf(remote);
        if (local.isEmpty() || remote.isEmpty()) throw new IllegalArgumentException("policy without selectors");
    }
}
