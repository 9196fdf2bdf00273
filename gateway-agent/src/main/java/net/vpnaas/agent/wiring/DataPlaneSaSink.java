package net.vpnaas.agent.wiring;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.vpnaas.dataplane.DataPlane;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.sad.ChildSaConfig;
import net.vpnaas.dataplane.sad.Lifetime;
import net.vpnaas.dataplane.sad.OuterEndpoints;
import net.vpnaas.dataplane.sad.SaKeys;
import net.vpnaas.dataplane.spd.TrafficPolicy;
import net.vpnaas.dataplane.spd.TrafficSelector;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.EspKeys;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaLifetime;
import net.vpnaas.ike.sasink.SaSink;

/**
 * The IKE engine's {@link SaSink} on top of our {@link DataPlane}. ike/ and dataplane/ do not know
 * each other, so their twin records (ChildSaInstall / ChildSaConfig, EspKeys / SaKeys, ...) are
 * translated here field by field; the numbers (SPIs, IANA transform ids) pass through unchanged.
 *
 * <p>The anti-replay window is configured per tunnel, and the engine does not carry that setting,
 * so it is applied here by tunnel name.
 */
public final class DataPlaneSaSink implements SaSink {

    private final DataPlane dataPlane;
    private final Map<String, Integer> replayWindows = new ConcurrentHashMap<>();

    public DataPlaneSaSink(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    /** The window for Child SAs of {@code tunnel} installed from now on. */
    public void replayWindow(String tunnel, int window) {
        replayWindows.put(tunnel, window);
    }

    public void forgetReplayWindow(String tunnel) {
        replayWindows.remove(tunnel);
    }

    @Override
    public void addChildSa(ChildSaInstall sa) {
        var t = sa.transform();
        dataPlane.addChildSa(new ChildSaConfig(sa.reqid(), sa.tunnelName(),
                new EspAlgorithms(t.encryptionId(), t.keyBits(), t.integrityId()),
                keys(sa.inbound()), keys(sa.outbound()), endpoints(sa.endpoints()), sa.esn(),
                replayWindows.getOrDefault(sa.tunnelName(), sa.replayWindow()), lifetime(sa.lifetime())));
    }

    @Override
    public void updateEndpoints(long inboundSpi, Endpoints endpoints) {
        dataPlane.updateEndpoints(inboundSpi, endpoints(endpoints));
    }

    @Override
    public void deleteChildSa(long inboundSpi) {
        dataPlane.deleteChildSa(inboundSpi);
    }

    @Override
    public void installPolicy(net.vpnaas.ike.sasink.TrafficPolicy policy) {
        dataPlane.installPolicy(policy(policy));
    }

    @Override
    public void removePolicy(net.vpnaas.ike.sasink.TrafficPolicy policy) {
        dataPlane.removePolicy(policy(policy));
    }

    @Override
    public void advanceOutboundSequence(long inboundSpi, long delta) {
        dataPlane.advanceOutboundSequence(inboundSpi, delta);
    }

    @Override
    public void advanceReplayWindow(long inboundSpi, long delta) {
        dataPlane.advanceReplayWindow(inboundSpi, delta);
    }

    @Override
    public Optional<ChildSaUsage> usage(long inboundSpi) {
        return dataPlane.usage(inboundSpi).map(u -> new ChildSaUsage(u.bytesIn(), u.packetsIn(), u.bytesOut(),
                u.packetsOut(), u.replayDrops(), u.integrityFailures(), u.selectorDrops(), u.lastInbound()));
    }

    @Override
    public void setListener(SaEventListener listener) {
        dataPlane.setListener(new net.vpnaas.dataplane.sad.SaEventListener() {
            @Override
            public void expired(long inboundSpi, Limit limit) {
                listener.expired(inboundSpi, limit == Limit.HARD ? SaEventListener.Limit.HARD : SaEventListener.Limit.SOFT);
            }

            @Override
            public void acquire(int reqid) {
                listener.acquire(reqid);
            }
        });
    }

    private static SaKeys keys(EspKeys k) {
        return new SaKeys(k.spi(), k.encryptionKey(), k.integrityKey());
    }

    private static OuterEndpoints endpoints(Endpoints e) {
        return new OuterEndpoints(e.local(), e.remote(), e.udpEncapsulation(), e.tcpEncapsulation());
    }

    private static Lifetime lifetime(SaLifetime l) {
        return new Lifetime(l.softBytes(), l.hardBytes(), l.softPackets(), l.hardPackets(), l.softTime(), l.hardTime());
    }

    static TrafficPolicy policy(net.vpnaas.ike.sasink.TrafficPolicy p) {
        return new TrafficPolicy(p.reqid(), selectors(p.local()), selectors(p.remote()));
    }

    private static List<TrafficSelector> selectors(List<net.vpnaas.ike.sasink.TrafficSelector> list) {
        return list.stream().map(s -> new TrafficSelector(s.start(), s.end(), s.ipProtocol(), s.startPort(), s.endPort()))
                .toList();
    }
}
