package net.vpnaas.agent.cluster;

import java.time.Duration;
import java.util.Optional;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.sad.ChildSa;
import net.vpnaas.dataplane.sad.ChildSaConfig;
import net.vpnaas.dataplane.sad.Lifetime;
import net.vpnaas.dataplane.sad.OuterEndpoints;
import net.vpnaas.dataplane.sad.OuterRoute;
import net.vpnaas.dataplane.sad.SaKeys;
import net.vpnaas.dataplane.sad.Sad;
import net.vpnaas.dataplane.sync.DataPlaneCounterSync;
import net.vpnaas.dataplane.sync.SequenceAdvance;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.EspKeys;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;

/**
 * A member's data path without sockets: the engine's Child SAs go into a real SAD, whose counters the real
 * {@link DataPlaneCounterSync} snapshots, imports and advances; "sending" is taking the SA's next outbound
 * sequence number, as the outbound processor does for each packet.
 */
final class SadDataPath implements SaSink {
    /** A floor small enough to see the measured rate at work, as the failover test sends a few thousand packets. */
    static final SequenceAdvance ADVANCE = new SequenceAdvance(Duration.ofMillis(500), 1000, 2.0);

    final Sad sad = new Sad(new net.vpnaas.dataplane.sad.SaEventListener() {
        @Override
        public void expired(long inboundSpi, Limit limit) {}

        @Override
        public void acquire(int reqid) {}
    });
    final DataPlaneCounterSync counters = new DataPlaneCounterSync(sad, ADVANCE, System::nanoTime);

    /** Sends {@code packets} on the SA with this inbound SPI; returns the last sequence number used. */
    long send(long inboundSpi, int packets) {
        ChildSa sa = sad.byInboundSpi(inboundSpi).orElseThrow();
        long last = 0;
        for (int i = 0; i < packets; i++) last = sa.nextSequence();
        return last;
    }

    @Override
    public void addChildSa(ChildSaInstall sa) {
        var t = sa.transform();
        OuterEndpoints endpoints = new OuterEndpoints(sa.endpoints().local(), sa.endpoints().remote(),
                sa.endpoints().udpEncapsulation(), sa.endpoints().tcpEncapsulation());
        ChildSaConfig config = new ChildSaConfig(sa.reqid(), sa.tunnelName(), new EspAlgorithms(t.encryptionId(), t.keyBits(),
                t.integrityId()), keys(sa.inbound()), keys(sa.outbound()), endpoints, sa.esn(), sa.replayWindow(), Lifetime.UNLIMITED);
        sad.add(config, new OuterRoute(null, new byte[16], endpoints), 1500);
    }

    private static SaKeys keys(EspKeys k) {
        return new SaKeys(k.spi(), k.encryptionKey(), k.integrityKey());
    }

    @Override
    public void updateEndpoints(long inboundSpi, Endpoints endpoints) {}

    @Override
    public void deleteChildSa(long inboundSpi) {
        sad.delete(inboundSpi);
    }

    @Override
    public void installPolicy(TrafficPolicy policy) {}

    @Override
    public void removePolicy(TrafficPolicy policy) {}

    @Override
    public void advanceOutboundSequence(long inboundSpi, long delta) {
        sad.byInboundSpi(inboundSpi).ifPresent(sa -> sa.advanceOutbound(delta));
    }

    @Override
    public void advanceReplayWindow(long inboundSpi, long delta) {
        sad.byInboundSpi(inboundSpi).ifPresent(sa -> sa.replayWindow().advance(delta));
    }

    @Override
    public Optional<ChildSaUsage> usage(long inboundSpi) {
        return Optional.empty();
    }

    @Override
    public void setListener(SaEventListener listener) {}
}
