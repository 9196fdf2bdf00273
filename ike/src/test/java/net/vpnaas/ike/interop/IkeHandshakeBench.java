package net.vpnaas.ike.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Responder cost of a PSK IKE SA setup (IKE_SA_INIT + IKE_AUTH with one Child SA, then an IKE Delete),
 * driven by a strongSwan initiator: our engine (IkeMain, one JVM, after a warm-up) against a strongSwan
 * responder, measured in the same run. Process CPU time per handshake; see {@link HandshakeCost}.
 *
 * <p>Arguments: {@code [reps] [handshakes per rep]}, default 3 and 200. Run through {@code bin/bench-ike-engine}.
 */
public final class IkeHandshakeBench {

    private IkeHandshakeBench() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int handshakes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<String> missing = Prereqs.missingForStrongSwan();
        if (!missing.isEmpty()) {
            System.err.println("bench-ike-engine: missing " + String.join(", ", missing));
            System.exit(2);
        }
        List<HandshakeCost> ours = new ArrayList<>();
        List<HandshakeCost> theirs = new ArrayList<>();
        String psk = OurEnginePeer.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer initiator = OurEnginePeer.strongSwanPeer(net, psk);
             OurEnginePeer engine = OurEnginePeer.start(net.left().ns(), OurEnginePeer.properties(net, psk, "respond", 14400, 3600), "WARNING")) {
            NetNs.sleep(Duration.ofMillis(1500));
            ProcessHandle responder = ProcessHandle.of(engine.pid()).orElseThrow();
            // JIT warm-up: the JVM's compiler threads count as responder CPU until the hot paths are compiled.
            HandshakeCost.measure(initiator, StrongSwanTunnel.IKE, StrongSwanTunnel.CHILD, responder, 3 * handshakes);
            for (int i = 0; i < reps; i++) {
                ours.add(HandshakeCost.measure(initiator, StrongSwanTunnel.IKE, StrongSwanTunnel.CHILD, responder, handshakes));
            }
        }
        try (StrongSwanTunnel t = StrongSwanTunnel.establish(IpFamily.V4, IpFamily.V4, "aes256gcm16", 0)) {
            t.initiator().terminateIke(StrongSwanTunnel.IKE);
            ProcessHandle responder = ProcessHandle.of(t.responder().pid()).orElseThrow();
            for (int i = 0; i < reps; i++) {
                theirs.add(HandshakeCost.measure(t.initiator(), StrongSwanTunnel.IKE, StrongSwanTunnel.CHILD, responder, handshakes));
            }
        }
        double oursCpu = Stats.median(ours.stream().mapToDouble(HandshakeCost::cpuMillisPerHandshake).toArray());
        double theirsCpu = Stats.median(theirs.stream().mapToDouble(HandshakeCost::cpuMillisPerHandshake).toArray());
        double oursWall = Stats.median(ours.stream().mapToDouble(c -> c.medianSetup().toNanos() / 1e6).toArray());
        double theirsWall = Stats.median(theirs.stream().mapToDouble(c -> c.medianSetup().toNanos() / 1e6).toArray());
        System.out.printf(Locale.ROOT, "%-52s | %10s | %10s | %s%n", "PSK + X25519 + AES-GCM, " + reps + " x " + handshakes
                + " handshakes (medians)", "our engine", "strongSwan", "ours/theirs");
        System.out.println("-".repeat(52) + "-+-" + "-".repeat(10) + "-+-" + "-".repeat(10) + "-+-" + "-".repeat(11));
        row("responder CPU per handshake (ms)", oursCpu, theirsCpu);
        row("= responder handshakes/s per core", 1000 / oursCpu, 1000 / theirsCpu);
        row("setup wall time, swanctl --initiate (ms)", oursWall, theirsWall);
    }

    private static void row(String metric, double ours, double theirs) {
        System.out.printf(Locale.ROOT, "%-52s | %10.3g | %10.3g | %.2f%n", metric, ours, theirs, ours / theirs);
    }
}
