package net.vpnaas.agent.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import net.vpnaas.ike.interop.HandshakeCost;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.Iperf3;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.Site;
import net.vpnaas.ike.interop.Stats;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.StrongSwanTunnel;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import net.vpnaas.ike.interop.SwanctlConf;

/**
 * Our agent beside strongSwan, measured in the same run on the same kind of namespace pair:
 * <ul>
 *   <li>throughput through (c) strongSwan to strongSwan, (b) our agent to strongSwan and (a) our agent
 *       to our agent (AES-256-GCM, iperf3 TCP and unpaced 64-byte UDP between the inner addresses;
 *       UDP counts what the receiving iperf3 got, so datagrams dropped anywhere, its own socket
 *       included, count as lost). The three tunnels run side by side and the runs alternate between
 *       them after untimed warm-up runs of each (at least 10 s); for UDP also the CPU time the two
 *       processes at the tunnel's ends spent per delivered datagram;</li>
 *   <li>per tunnel, the loss-free 64-byte UDP rate ({@link LossFreeRateSearch}: paced runs, binary
 *       search below the rate the unpaced sender offered); next to the one-core JDK AES-256-GCM seal
 *       rate of a 1400-byte packet measured in the same run;</li>
 *   <li>IKE responder cost: CPU time of the responder process per PSK IKE SA setup (IKE_SA_INIT +
 *       IKE_AUTH with a Child SA, then a Delete), a strongSwan initiator driving strongSwan vs. our
 *       agent as responder. Ours is measured after one untimed warm-up round (JIT).</li>
 * </ul>
 * Run through {@code bin/bench-agent-vs-strongswan [reps] [seconds] [handshakes]}.
 */
public final class AgentVsStrongSwanBench {

    private static final String LEFT_ID = "left.vpn.example";
    private static final String RIGHT_ID = "right.vpn.example";
    private static final double MAX_LOSS_PERCENT = 0.1;
    private static final LossFreeRateSearch LOSS_FREE = new LossFreeRateSearch(MAX_LOSS_PERCENT, 6);

    private AgentVsStrongSwanBench() {}

    /** {@code mixed} is our agent against strongSwan, null where it does not apply. */
    record Row(String metric, String unit, double[] reference, double[] mixed, double[] ours) {}

    public static void main(String[] args) throws IOException {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Duration time = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 3);
        int handshakes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String> missing = new ArrayList<>(Prereqs.missingForStrongSwan());
        missing.addAll(Prereqs.missingForIperf3());
        if (!missing.isEmpty()) {
            System.err.println("bench-agent-vs-strongswan: missing " + String.join(", ", missing));
            System.exit(2);
        }
        Path work = Files.createTempDirectory("io-bench-");
        // The agent logs every IKE message at INFO; charon runs at log level 0 here, so quiet ours too
        // (agent-logback.xml's root level; java.util.logging, where the engine logs, follows it).
        List<String> jvm = List.of("-Dvpnaas.agent.logLevel=WARN");
        byte[] psk = AgentConfigs.newPsk();

        double[][] ref = new double[4][];
        double[][] ours = new double[4][];
        double[][] mixed = new double[2][];
        double[][] lost = new double[3][reps];
        double[][] udpCpu = new double[3][reps];
        double[][] offered = new double[3][reps];
        double[][] lossFree = new double[3][reps];
        List<List<LossFreeRateSearch.Result>> searches = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        // All three tunnels are up at once and the runs alternate between them, so that load from
        // other processes on this shared machine hits (a), (b) and (c) alike instead of whichever
        // phase it happened to overlap; an idle tunnel costs nothing (its workers block).
        try (StrongSwanTunnel t = StrongSwanTunnel.establish(IpFamily.V4, IpFamily.V4, "aes256gcm16", 0);
             NamespacePair pair = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             AgentProcess right = AgentProcess.start(pair.right().ns(),
                     AgentConfigs.withPsk(work.resolve("right"), pair.right(), RIGHT_ID, pair.left(), LEFT_ID, psk, "respond"), jvm);
             AgentProcess left = AgentProcess.start(pair.left().ns(),
                     AgentConfigs.withPsk(work.resolve("left"), pair.left(), LEFT_ID, pair.right(), RIGHT_ID, psk, "initiate"), jvm);
             NamespacePair mix = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(mix.right().ns(), 0);
             AgentProcess agent = AgentProcess.start(mix.left().ns(),
                     AgentConfigs.withPsk(work.resolve("mixed"), mix.left(), LEFT_ID, mix.right(), RIGHT_ID, psk, "initiate"), jvm)) {
            swan.load(SwanctlConf.of(Connection.siteToSite(StrongSwanTunnel.IKE, mix.right(), mix.left(),
                    new Auth.Psk(RIGHT_ID), new Auth.Psk(LEFT_ID)), new PskSecret(RIGHT_ID, LEFT_ID, psk)));
            awaitPing(pair.left(), pair.right(), Duration.ofSeconds(15), left, right);
            awaitPing(mix.left(), mix.right(), Duration.ofSeconds(15), agent);
            List<NamespacePair> nets = List.of(t.net(), mix, pair);
            // Untimed runs of each first, at least 10 s: a long-running agent is JIT-compiled, a fresh
            // JVM is not, and on this busy machine C2 needs that long (strongSwan gets the same treatment).
            Duration warmUp = time.compareTo(Duration.ofSeconds(10)) > 0 ? time : Duration.ofSeconds(10);
            for (NamespacePair n : nets) {
                Iperf3.tcpBitsPerSecond(n.right(), n.left(), warmUp);
                Iperf3.udp(n.right(), n.left(), 64, warmUp);
            }
            // The two processes at the ends of each tunnel: their CPU time per delivered datagram does
            // not depend on how much CPU the rest of this shared machine left them, unlike the rate.
            List<List<ProcessHandle>> ends = List.of(
                    List.of(process(t.initiator().pid()), process(t.responder().pid())),
                    List.of(agent.handle(), process(swan.pid())),
                    List.of(left.handle(), right.handle()));
            double[][] tcp = new double[3][reps];
            double[][] udp = new double[3][reps];
            for (int i = 0; i < reps; i++) {
                for (int k = 0; k < 3; k++) tcp[k][i] = Iperf3.tcpBitsPerSecond(nets.get(k).right(), nets.get(k).left(), time) / 1e9;
                for (int k = 0; k < 3; k++) {
                    long cpuBefore = cpuNanos(ends.get(k));
                    Iperf3.UdpResult r = Iperf3.udp(nets.get(k).right(), nets.get(k).left(), 64, time);
                    long cpu = cpuNanos(ends.get(k)) - cpuBefore;
                    udp[k][i] = r.deliveredPacketsPerSecond() / 1e3;
                    offered[k][i] = r.offeredPacketsPerSecond();
                    lost[k][i] = r.lostPercent();
                    udpCpu[k][i] = cpu / 1e3 / (r.deliveredPacketsPerSecond() * time.toSeconds());
                }
            }
            // Loss-free rate: searched below what each sender offered unpaced (which always lost).
            for (int i = 0; i < reps; i++) {
                for (int k = 0; k < 3; k++) {
                    NamespacePair n = nets.get(k);
                    LossFreeRateSearch.Result r = LOSS_FREE.search(Stats.median(offered[k]),
                            rate -> Iperf3.udp(n.right(), n.left(), 64, time, rate));
                    lossFree[k][i] = r.deliveredPacketsPerSecond() / 1e3;
                    searches.get(k).add(r);
                }
            }
            ref[0] = tcp[0];
            ref[1] = udp[0];
            mixed[0] = tcp[1];
            mixed[1] = udp[1];
            ours[0] = tcp[2];
            ours[1] = udp[2];
            t.initiator().terminateIke(StrongSwanTunnel.IKE);
            ProcessHandle responder = ProcessHandle.of(t.responder().pid()).orElseThrow();
            ref[2] = sample(reps, () -> HandshakeCost.measure(t.initiator(), StrongSwanTunnel.IKE, StrongSwanTunnel.CHILD,
                    responder, handshakes).cpuMillisPerHandshake());
        }

        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             AgentProcess agent = AgentProcess.start(net.right().ns(),
                     AgentConfigs.withPsk(work.resolve("responder"), net.right(), RIGHT_ID, net.left(), LEFT_ID, psk, "respond"), jvm);
             StrongSwanPeer swan = StrongSwanPeer.start(net.left().ns(), 0)) {
            Auth l = new Auth.Psk(LEFT_ID);
            Auth r = new Auth.Psk(RIGHT_ID);
            swan.load(SwanctlConf.of(Connection.siteToSite(StrongSwanTunnel.IKE, net.left(), net.right(), l, r),
                    new PskSecret(LEFT_ID, RIGHT_ID, psk)));
            HandshakeCost.measure(swan, StrongSwanTunnel.IKE, StrongSwanTunnel.CHILD, agent.handle(), handshakes); // warm-up
            ours[2] = sample(reps, () -> HandshakeCost.measure(swan, StrongSwanTunnel.IKE, StrongSwanTunnel.CHILD,
                    agent.handle(), handshakes).cpuMillisPerHandshake());
        }
        double[] seal = sample(reps, AgentVsStrongSwanBench::aesGcmSealsPerSecond);
        ref[3] = perCore(ref[2]);
        ours[3] = perCore(ours[2]);

        print(List.of(
                new Row("TCP through tunnel, AES-256-GCM", "Gbit/s", ref[0], mixed[0], ours[0]),
                new Row("UDP 64 B through tunnel, delivered", "k pkt/s", ref[1], mixed[1], ours[1]),
                new Row("  CPU of both tunnel ends per pkt (lower=better)", "us", udpCpu[0], udpCpu[1], udpCpu[2]),
                new Row(String.format(Locale.ROOT, "UDP 64 B loss-free rate (<= %.1f%% lost)", MAX_LOSS_PERCENT), "k pkt/s",
                        lossFree[0], lossFree[1], lossFree[2]),
                new Row("IKE responder CPU per PSK setup (lower is better)", "ms", ref[2], null, ours[2]),
                new Row("  = responder setups/s per core", "1/s", ref[3], null, ours[3])), reps);
        System.out.printf(Locale.ROOT, "UDP 64 B runs, in order (k pkt/s): (c) %s, (b) %s, (a) %s%n",
                runs(ref[1]), runs(mixed[1]), runs(ours[1]));
        System.out.printf(Locale.ROOT, "UDP 64 B: share of the sent datagrams that did not arrive (median): (c) %.0f%%, (b) %.0f%%, (a) %.0f%%%n",
                Stats.median(lost[0]), Stats.median(lost[1]), Stats.median(lost[2]));
        String[] names = {"(c)", "(b)", "(a)"};
        for (int k = 0; k < 3; k++) {
            for (LossFreeRateSearch.Result r : searches.get(k)) System.out.println("loss-free search " + names[k] + ": " + trials(r));
        }
        System.out.printf(Locale.ROOT, "one-core JDK AES-256-GCM seal of 1400 B in this run: %.0f k packets/s (%.1f Gbit/s)%n",
                Stats.median(seal) / 1e3, Stats.median(seal) * 1400 * 8 / 1e9);
    }

    /** Each run of a search as requested rate, delivered rate and loss, in k pkt/s. */
    private static String trials(LossFreeRateSearch.Result r) {
        StringBuilder b = new StringBuilder();
        for (LossFreeRateSearch.Trial t : r.trials()) {
            b.append(String.format(Locale.ROOT, "%s%.1f->%.1f (%.2f%%)", b.isEmpty() ? "" : ", ", t.requested() / 1e3,
                    t.result().deliveredPacketsPerSecond() / 1e3, t.result().lostPercent()));
        }
        return b.toString();
    }

    private static ProcessHandle process(long pid) {
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
    }

    private static long cpuNanos(List<ProcessHandle> processes) {
        long sum = 0;
        for (ProcessHandle p : processes) sum += p.info().totalCpuDuration().orElseThrow().toNanos();
        return sum;
    }

    private static String runs(double[] samples) {
        StringBuilder b = new StringBuilder();
        for (double v : samples) b.append(b.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f", v));
        return b.toString();
    }

    private static double[] perCore(double[] cpuMillis) {
        double[] out = new double[cpuMillis.length];
        for (int i = 0; i < out.length; i++) out[i] = 1000.0 / cpuMillis[i];
        return out;
    }

    /** The initiating agent starts the IKE SA on its own; traffic can flow once ping does. */
    static void awaitPing(Site from, Site to, Duration timeout, AgentProcess... agents) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (from.ns().tryExec("ping", "-c", "1", "-W", "1", "-I", from.innerAddress(), to.innerAddress()).ok()) return;
            NetNs.sleep(Duration.ofMillis(200));
        }
        StringBuilder logs = new StringBuilder();
        for (AgentProcess a : agents) logs.append("--- agent log ---\n").append(a.log());
        throw new IllegalStateException("no ping through our tunnel within " + timeout + "\n" + logs);
    }

    /** Seals of a 1400-byte packet per second on this thread, over one second after a short warm-up. */
    private static double aesGcmSealsPerSecond() {
        try {
            var key = new javax.crypto.spec.SecretKeySpec(new byte[32], "AES");
            var cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            byte[] in = new byte[1400];
            byte[] out = new byte[1400 + 16];
            byte[] iv = new byte[12];
            long n = 0;
            long warm = System.nanoTime() + 300_000_000L;
            long start = 0;
            long end = Long.MAX_VALUE;
            while (System.nanoTime() < end) {
                if (start == 0 && System.nanoTime() > warm) {
                    start = System.nanoTime();
                    end = start + 1_000_000_000L;
                    n = 0;
                }
                iv[11]++;
                if (iv[11] == 0) iv[10]++; // a fresh nonce per seal, as ESP does
                cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, iv));
                cipher.doFinal(in, 0, in.length, out, 0);
                n++;
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] sample(int reps, DoubleSupplier measurement) {
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) s[i] = measurement.getAsDouble();
        return s;
    }

    private static void print(List<Row> rows, int reps) {
        System.out.printf(Locale.ROOT, "%-50s | %-8s | %14s | %14s | %14s | %8s%n", "metric (medians of " + reps + " runs)", "unit",
                "(c) swan-swan", "(b) agent-swan", "(a) agent-agent", "(a)/(c)");
        System.out.println("-".repeat(50) + "-+-" + "-".repeat(8) + ("-+-" + "-".repeat(14)).repeat(3) + "-+-" + "-".repeat(8));
        for (Row r : rows) {
            double ref = Stats.median(r.reference());
            double ours = Stats.median(r.ours());
            String mixed = r.mixed() == null ? "-" : String.format(Locale.ROOT, "%.3g", Stats.median(r.mixed()));
            System.out.printf(Locale.ROOT, "%-50s | %-8s | %14.3g | %14s | %14.3g | %8.2f%n", r.metric(), r.unit(), ref, mixed, ours,
                    ours / ref);
        }
    }
}
