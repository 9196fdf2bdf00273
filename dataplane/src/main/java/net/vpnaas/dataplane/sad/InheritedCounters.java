package net.vpnaas.dataplane.sad;

import java.util.Objects;
import net.vpnaas.dataplane.replay.ReplayWindow;

/**
 * Where an SA continues after a cluster takeover: the first outbound sequence number this member may use
 * (already advanced past what the member before can have sent) and the replay window that member had.
 * {@code exhausted}: the advance would pass the last sequence number the SA may send, so it must not send
 * at all and is rekeyed ({@code nextOutbound} is then meaningless).
 */
public record InheritedCounters(long nextOutbound, ReplayWindow.State window, boolean exhausted) {
    public InheritedCounters {
        if (nextOutbound < 1) throw new IllegalArgumentException("sequence numbers start at 1: " + nextOutbound);
        Objects.requireNonNull(window);
    }
}
