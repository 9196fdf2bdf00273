package net.vpnaas.ike.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The reference side of our benchmarks: two strongSwans (kernel-libipsec, userspace ESP) in two
 * namespaces over a veth, measured with iperf3 and sequential IKE setups. Prints a table of medians.
 * Run through {@code bin/bench-strongswan-ref}; other benchmarks call the same pieces
 * ({@link StrongSwanTunnel}, {@link Iperf3}, {@link HandshakeCost}) to put our figures beside these.
 *
 * <p>Arguments: {@code [reps] [seconds per iperf3 run] [handshakes]}, default 3, 3, 100.
 */
public final class StrongSwanReferenceBench {

    private StrongSwanReferenceBench() {}

    record Row(String metric, String unit, double[] samples) {
        double median() {
            return Stats.median(samples);
        }
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Duration time = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 3);
        int handshakes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String> missing = new ArrayList<>(Prereqs.missingForStrongSwan());
        missing.addAll(Prereqs.missingForIperf3());
        if (!missing.isEmpty()) {
            System.err.println("bench-strongswan-ref: missing " + String.join(", ", missing));
            System.exit(2);
        }

        List<Row> rows = new ArrayList<>();
        try (StrongSwanTunnel t = StrongSwanTunnel.establish(IpFamily.V4, IpFamily.V4, "aes256gcm16", 0)) {
            Site l = t.net().left();
            Site r = t.net().right();
            rows.add(new Row("TCP through tunnel, AES-256-GCM (iperf3)", "Gbit/s",
                    sample(reps, () -> Iperf3.tcpBitsPerSecond(r, l, time) / 1e9)));
            List<Iperf3.UdpResult> udp = new ArrayList<>();
            rows.add(new Row("UDP 64 B through tunnel, delivered", "k packets/s", sample(reps, () -> {
                Iperf3.UdpResult u = Iperf3.udp(r, l, 64, time);
                udp.add(u);
                return u.deliveredPacketsPerSecond() / 1e3;
            })));
            rows.add(new Row("  same, share lost at unlimited offered rate", "%",
                    udp.stream().mapToDouble(Iperf3.UdpResult::lostPercent).toArray()));
            rows.add(new Row("TCP over the bare veth (no tunnel, ceiling)", "Gbit/s", sample(reps, () ->
                    Iperf3.tcpBitsPerSecond(r.ns(), r.outerAddress(), l.ns(), l.outerAddress(), time) / 1e9)));

            t.initiator().terminateIke(StrongSwanTunnel.IKE);
            ProcessHandle responder = ProcessHandle.of(t.responder().pid()).orElseThrow();
            List<HandshakeCost> costs = new ArrayList<>();
            rows.add(new Row("IKE responder CPU per PSK handshake (+Child SA, +Delete)", "ms", sample(reps, () -> {
                HandshakeCost c = HandshakeCost.measure(t.initiator(), StrongSwanTunnel.IKE, StrongSwanTunnel.CHILD,
                        responder, handshakes);
                costs.add(c);
                return c.cpuMillisPerHandshake();
            })));
            rows.add(new Row("  = responder handshakes/s per core", "1/s",
                    costs.stream().mapToDouble(HandshakeCost::handshakesPerSecondPerCore).toArray()));
            rows.add(new Row("IKE+Child SA setup wall time (swanctl --initiate)", "ms",
                    costs.stream().mapToDouble(c -> c.medianSetup().toNanos() / 1e6).toArray()));
        }
        print(rows, reps);
    }

    private static double[] sample(int reps, DoubleSupplier measurement) {
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) s[i] = measurement.getAsDouble();
        return s;
    }

    private static void print(List<Row> rows, int reps) {
        System.out.printf(Locale.ROOT, "%-58s | %12s | %-12s | %s%n", "metric (strongSwan 5.9.8 kernel-libipsec reference)",
                "median", "unit", "samples (" + reps + " runs)");
        System.out.println("-".repeat(58) + "-+-" + "-".repeat(12) + "-+-" + "-".repeat(12) + "-+-" + "-".repeat(30));
        for (Row r : rows) {
            StringBuilder samples = new StringBuilder();
            for (double v : r.samples()) samples.append(String.format(Locale.ROOT, "%.3g ", v));
            System.out.printf(Locale.ROOT, "%-58s | %12.3g | %-12s | %s%n", r.metric(), r.median(), r.unit(), samples.toString().strip());
        }
    }
}
