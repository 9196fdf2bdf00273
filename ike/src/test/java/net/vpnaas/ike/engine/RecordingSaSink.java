package net.vpnaas.ike.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;

/** The seam the engine reports to: records what a data path would install, and refuses duplicate SPIs like one. */
final class RecordingSaSink implements SaSink {
    final Map<Long, ChildSaInstall> installed = new ConcurrentHashMap<>();
    final List<ChildSaInstall> added = new CopyOnWriteArrayList<>();
    final List<Long> deleted = new CopyOnWriteArrayList<>();
    final Map<Integer, TrafficPolicy> policies = new ConcurrentHashMap<>();
    volatile SaEventListener listener;

    /**
     * Records in {@code added} before {@code installed}: tests wait for {@code installed} and then
     * read {@code added}, which must already hold the SA (the other order failed a CI run).
     */
    @Override
    public synchronized void addChildSa(ChildSaInstall sa) {
        if (installed.containsKey(sa.inbound().spi())) throw new IllegalStateException("duplicate inbound SPI");
        added.add(sa);
        installed.put(sa.inbound().spi(), sa);
    }

    final Map<Long, Endpoints> moved = new ConcurrentHashMap<>();

    @Override
    public void updateEndpoints(long inboundSpi, Endpoints endpoints) {
        moved.put(inboundSpi, endpoints);
    }

    @Override
    public void deleteChildSa(long inboundSpi) {
        if (installed.remove(inboundSpi) != null) deleted.add(inboundSpi);
    }

    @Override
    public void installPolicy(TrafficPolicy policy) {
        policies.put(policy.reqid(), policy);
    }

    @Override
    public void removePolicy(TrafficPolicy policy) {
        policies.remove(policy.reqid(), policy);
    }

    /** RFC 6311 advances by inbound SPI: outbound sequence numbers (as the peer) and replay windows (as the cluster). */
    final Map<Long, Long> outboundAdvances = new ConcurrentHashMap<>();
    final Map<Long, Long> windowAdvances = new ConcurrentHashMap<>();

    @Override
    public void advanceOutboundSequence(long inboundSpi, long delta) {
        outboundAdvances.merge(inboundSpi, delta, Long::sum);
    }

    @Override
    public void advanceReplayWindow(long inboundSpi, long delta) {
        windowAdvances.merge(inboundSpi, delta, Long::sum);
    }

    @Override
    public Optional<ChildSaUsage> usage(long inboundSpi) {
        return Optional.empty();
    }

    @Override
    public void setListener(SaEventListener listener) {
        this.listener = listener;
    }

    List<ChildSaInstall> current() {
        return List.copyOf(installed.values());
    }
}
