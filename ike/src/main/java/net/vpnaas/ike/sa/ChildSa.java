package net.vpnaas.ike.sa;

import java.time.Instant;
import java.util.List;
import net.vpnaas.ike.sasink.EspKeys;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * One ESP Child SA as the engine tracks it. The inbound SPI was chosen by us, the outbound SPI by
 * the peer; both key sets are already oriented (inbound = what the peer encrypts with).
 */
public final class ChildSa {

    public enum State { INSTALLED, REKEYING, REKEYED, DELETING }

    private final int reqid;
    private final ChildAlgorithms algorithms;
    private final EspKeys inbound;
    private final EspKeys outbound;
    private final List<TrafficSelector> localSelectors;
    private final List<TrafficSelector> remoteSelectors;
    private final Instant createdAt;
    private State state = State.INSTALLED;

    public ChildSa(int reqid, ChildAlgorithms algorithms, EspKeys inbound, EspKeys outbound,
                   List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors, Instant createdAt) {
        this.reqid = reqid;
        this.algorithms = algorithms;
        this.inbound = inbound;
        this.outbound = outbound;
        this.localSelectors = List.copyOf(localSelectors);
        this.remoteSelectors = List.copyOf(remoteSelectors);
        this.createdAt = createdAt;
    }

    public int reqid() {
        return reqid;
    }

    public ChildAlgorithms algorithms() {
        return algorithms;
    }

    public long inboundSpi() {
        return inbound.spi();
    }

    public long outboundSpi() {
        return outbound.spi();
    }

    public EspKeys inbound() {
        return inbound;
    }

    public EspKeys outbound() {
        return outbound;
    }

    public List<TrafficSelector> localSelectors() {
        return localSelectors;
    }

    public List<TrafficSelector> remoteSelectors() {
        return remoteSelectors;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public State state() {
        return state;
    }

    public void state(State state) {
        this.state = state;
    }

    @Override
    public String toString() {
        return "ChildSa[reqid=%d in=%08x out=%08x %s %s]".formatted(reqid, inboundSpi(), outboundSpi(), algorithms, state);
    }
}
