package net.vpnaas.agent.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.Iperf3;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.Stats;

/**
 * TCP throughput (iperf3) through a tunnel between two of our agents whose IKE and ESP travel over
 * TCP (RFC 9329, policy transport tcp), beside the same tunnel over UDP (ESP in UDP 4500, the
 * closest datagram analogue: encapsulation force_udp) and over raw ESP, in one run: the three
 * tunnels run side by side on identical namespace pairs and the runs alternate between them after
 * untimed warm-up runs, so that load from elsewhere on the machine hits all alike. Prints medians.
 * Run through {@code bin/bench-tcp-encapsulation [reps=3] [seconds per run=5]}.
 */
public final class TcpEncapsulationBench {

    private static final String LEFT_ID = "left.vpn.example";
    private static final String RIGHT_ID = "right.vpn.example";

    private record Variant(String name, String policyFields) {}

    private static final List<Variant> VARIANTS = List.of(
            new Variant("IKE and ESP over TCP (RFC 9329)", "\"transport\": \"tcp\""),
            new Variant("ESP in UDP 4500 (force_udp)", "\"encapsulation\": \"force_udp\""),
            new Variant("raw ESP (reference)", "\"transport\": \"udp\""));

    private TcpEncapsulationBench() {}

    public static void main(String[] args) throws IOException {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Duration time = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 5);
        List<String> missing = new ArrayList<>(Prereqs.missingForIperf3());
        if (!"root".equals(System.getProperty("user.name"))) missing.add("root privileges");
        if (!missing.isEmpty()) {
            System.err.println("bench-tcp-encapsulation: missing " + String.join(", ", missing));
            System.exit(2);
        }
        Path work = Files.createTempDirectory("io-bench-tcp-");
        List<String> jvm = List.of("-Dvpnaas.agent.logLevel=WARN");
        byte[] psk = AgentConfigs.newPsk();
        List<NamespacePair> nets = new ArrayList<>();
        List<AgentProcess> agents = new ArrayList<>();
        try {
            for (int k = 0; k < VARIANTS.size(); k++) {
                NamespacePair n = NamespacePair.create(IpFamily.V4, IpFamily.V4);
                nets.add(n);
                String fields = VARIANTS.get(k).policyFields();
                AgentProcess right = AgentProcess.start(n.right().ns(), AgentConfigs.withPskAndPolicy(work.resolve(k + "-right"),
                        n.right(), RIGHT_ID, n.left(), LEFT_ID, psk, "respond", fields), jvm);
                agents.add(right);
                AgentProcess left = AgentProcess.start(n.left().ns(), AgentConfigs.withPskAndPolicy(work.resolve(k + "-left"),
                        n.left(), LEFT_ID, n.right(), RIGHT_ID, psk, "initiate", fields), jvm);
                agents.add(left);
                AgentVsStrongSwanBench.awaitPing(n.left(), n.right(), Duration.ofSeconds(30), left, right);
            }
            // A fresh JVM is not JIT-compiled yet: untimed runs first, at least 10 s each.
            Duration warmUp = time.compareTo(Duration.ofSeconds(10)) > 0 ? time : Duration.ofSeconds(10);
            for (NamespacePair n : nets) Iperf3.tcpBitsPerSecond(n.right(), n.left(), warmUp);
            double[][] gbps = new double[VARIANTS.size()][reps];
            for (int i = 0; i < reps; i++) {
                for (int k = 0; k < VARIANTS.size(); k++) {
                    gbps[k][i] = Iperf3.tcpBitsPerSecond(nets.get(k).right(), nets.get(k).left(), time) / 1e9;
                }
            }
            System.out.printf(Locale.ROOT, "TCP throughput through an AES-256-GCM tunnel between two agents, iperf3, %d runs of %d s, median%n",
                    reps, time.toSeconds());
            double udp = Stats.median(gbps[1]);
            for (int k = 0; k < VARIANTS.size(); k++) {
                double m = Stats.median(gbps[k]);
                System.out.printf(Locale.ROOT, "  %-34s %7.3f Gbit/s  (%.2f x ESP in UDP)%n", VARIANTS.get(k).name(), m, m / udp);
            }
        } finally {
            for (int i = agents.size() - 1; i >= 0; i--) agents.get(i).close();
            nets.forEach(NamespacePair::close);
        }
    }
}
