package net.vpnaas.ike.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a responder spends on IKE SA setups: its process CPU time across {@code handshakes} sequential
 * IKE_SA_INIT + IKE_AUTH exchanges (each with one Child SA, then an IKE Delete), divided out. CPU time
 * rather than wall time, because on a shared 2-core machine the initiator and the swanctl calls
 * compete for the same cores; CPU per handshake is what bounds a responder's rate on one core.
 */
public record HandshakeCost(int handshakes, Duration responderCpu, Duration medianSetup) {

    public double cpuMillisPerHandshake() {
        return responderCpu.toNanos() / 1e6 / handshakes;
    }

    /** Handshakes per second one core could answer at this cost. */
    public double handshakesPerSecondPerCore() {
        return 1000.0 / cpuMillisPerHandshake();
    }

    /**
     * Runs the handshakes from a strongSwan {@code initiator} against whatever process {@code responder}
     * is (strongSwan for the reference, our agent for comparison); the IKE SA named {@code ike} must not
     * be up when this starts.
     */
    public static HandshakeCost measure(StrongSwanPeer initiator, String ike, String child, ProcessHandle responder,
                                        int handshakes) {
        List<Duration> setups = new ArrayList<>();
        Duration before = cpu(responder);
        for (int i = 0; i < handshakes; i++) {
            setups.add(initiator.initiate(child));
            initiator.terminateIke(ike);
        }
        Duration used = cpu(responder).minus(before);
        return new HandshakeCost(handshakes, used, Stats.median(setups));
    }

    private static Duration cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().orElseThrow(() ->
                new IllegalStateException("cannot read CPU time of pid " + p.pid()));
    }
}
