package net.vpnaas.agent.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;

/** The IKE side of the failover tests carries no traffic: Child SAs are only counted, RFC 6311 advances recorded. */
final class NoDataPath implements SaSink {
    final AtomicInteger installed = new AtomicInteger();
    /** By inbound SPI: how far the peer was asked to move its outbound sequence numbers (IPSEC_REPLAY_COUNTER_SYNC). */
    final Map<Long, Long> outboundAdvances = new ConcurrentHashMap<>();

    @Override
    public void addChildSa(ChildSaInstall sa) {
        installed.incrementAndGet();
    }

    @Override
    public void updateEndpoints(long inboundSpi, Endpoints endpoints) {}

    @Override
    public void deleteChildSa(long inboundSpi) {}

    @Override
    public void installPolicy(TrafficPolicy policy) {}

    @Override
    public void removePolicy(TrafficPolicy policy) {}

    @Override
    public void advanceOutboundSequence(long inboundSpi, long delta) {
        outboundAdvances.merge(inboundSpi, delta, Long::sum);
    }

    @Override
    public void advanceReplayWindow(long inboundSpi, long delta) {}

    @Override
    public Optional<ChildSaUsage> usage(long inboundSpi) {
        return Optional.empty();
    }

    @Override
    public void setListener(SaEventListener listener) {}
}
