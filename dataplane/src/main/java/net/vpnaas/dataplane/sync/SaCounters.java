package net.vpnaas.dataplane.sync;

import java.util.Objects;
import net.vpnaas.dataplane.replay.ReplayWindow;

/**
 * One SA's counters in a snapshot: the next outbound sequence number, the replay window, and the rates
 * (packets per second, the peak of the last few snapshot intervals) at which the outbound number and the
 * window's top rose, from which a standby derives how far to advance them when it takes over.
 *
 * @param inboundSpi  the SA's name on both members (the 32 bits as carried on the wire)
 * @param nextOutbound the number the next outbound packet gets; 2^32 without ESN when the counter is spent
 */
public record SaCounters(long inboundSpi, boolean esn, long nextOutbound, long outboundRate, long inboundRate,
                         ReplayWindow.State window) {
    public SaCounters {
        Objects.requireNonNull(window);
        if (inboundSpi < 0 || inboundSpi > 0xFFFF_FFFFL) throw new IllegalArgumentException("SPI " + inboundSpi);
        if (nextOutbound < 1 || !esn && nextOutbound > 1L << 32) throw new IllegalArgumentException("next outbound " + nextOutbound);
        if (!esn && window.highest() > 0xFFFF_FFFFL) throw new IllegalArgumentException("window top " + window.highest() + " without ESN");
        if (outboundRate < 0 || inboundRate < 0) throw new IllegalArgumentException("negative rate");
    }
}
