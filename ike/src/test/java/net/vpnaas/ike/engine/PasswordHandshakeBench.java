package net.vpnaas.ike.engine;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;

/**
 * The cost of a PACE handshake (RFC 6631) beside PSK and ECDSA P-256 certificates, ours against ours in
 * one JVM over the in-memory network, all with the same IKE SA (aes256gcm16-prfsha256-ecp256, which PACE
 * needs: an ECP group) and one Child SA: whole IKE_SA_INIT + IKE_AUTH handshakes one after the other, the
 * methods taking turns run by run. Prints per method the median over the runs of handshakes per second
 * and of CPU milliseconds per handshake (both ends: initiator and responder run in this process), then
 * PACE's ratios to PSK and ECDSA. Settings: -Dbench.runs (7), -Dbench.handshakes per run (60),
 * -Dbench.warmup handshakes per method before the runs (150).
 */
public final class PasswordHandshakeBench {
    private static final String IKE = "aes256gcm16-prfsha256-ecp256";

    private record Result(double perSecond, double cpuMs) {}

    /** How alice's and bob's connections are made from EnginePair's. */
    private record Sides(UnaryOperator<ConnectionConfig> alice, UnaryOperator<ConnectionConfig> bob) {}

    private PasswordHandshakeBench() {}

    public static void main(String[] args) {
        Logger.getLogger("").setLevel(Level.WARNING);
        int runs = Integer.getInteger("bench.runs", 7);
        int handshakes = Integer.getInteger("bench.handshakes", 60);
        int warmup = Integer.getInteger("bench.warmup", 150);
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued alice = pki.issue("alice@example.org", KeyKind.ECDSA_P256);
        TestPki.Issued bob = pki.issue("bob.example.org", KeyKind.ECDSA_P256);
        Authentication.Password pin = new Authentication.Password("402915".getBytes(StandardCharsets.UTF_8));
        Map<String, Sides> methods = new LinkedHashMap<>();
        methods.put("PSK", pair(c -> c, c -> c));
        methods.put("ECDSA P-256", pair(c -> CertificateAuthTest.certs(c, alice, pki), c -> CertificateAuthTest.certs(c, bob, pki)));
        methods.put("PACE (password)", pair(c -> withAuth(c, pin), c -> withAuth(c, pin)));

        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (var m : methods.entrySet()) {
            measure(m.getValue(), warmup);
            results.put(m.getKey(), new ArrayList<>());
        }
        for (int r = 0; r < runs; r++) {
            for (var m : methods.entrySet()) results.get(m.getKey()).add(measure(m.getValue(), handshakes));
        }
        System.out.printf("%d runs of %d handshakes each, IKE %s, both ends in this JVM (%d cores)%n", runs, handshakes, IKE,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-18s %16s %22s%n", "method", "handshakes/s", "CPU ms per handshake");
        Map<String, Result> medians = new LinkedHashMap<>();
        for (var e : results.entrySet()) {
            Result median = new Result(median(e.getValue(), Result::perSecond), median(e.getValue(), Result::cpuMs));
            medians.put(e.getKey(), median);
            System.out.printf("%-18s %16.1f %22.2f%n", e.getKey(), median.perSecond(), median.cpuMs());
        }
        Result pace = medians.get("PACE (password)");
        for (String other : List.of("PSK", "ECDSA P-256")) {
            Result o = medians.get(other);
            System.out.printf("PACE / %-11s  rate x%.2f, CPU per handshake x%.2f%n", other, pace.perSecond() / o.perSecond(), pace.cpuMs() / o.cpuMs());
        }
    }

    private static Sides pair(UnaryOperator<ConnectionConfig> alice, UnaryOperator<ConnectionConfig> bob) {
        return new Sides(c -> alice.apply(EnginePair.with(c, IKE, "aes256gcm16")), c -> bob.apply(EnginePair.with(c, IKE, "aes256gcm16")));
    }

    private static ConnectionConfig withAuth(ConnectionConfig c, Authentication auth) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), auth, c.ikeProposals(), c.espProposals(),
                c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), c.retransmit());
    }

    /** {@code n} handshakes one after the other on a fresh pair of engines. */
    private static Result measure(Sides configs, int n) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (EnginePair p = new EnginePair(configs.alice(), configs.bob(), EngineOptions.DEFAULT)) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 1; i <= n; i++) {
                p.alice.initiate("net");
                int expected = i;
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (p.aliceSink.installed.size() < expected || p.bobSink.installed.size() < expected) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("handshake " + i + " did not complete");
                    LockSupport.parkNanos(20_000);
                }
            }
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            return new Result(n / (wall / 1e9), cpu / 1e6 / n);
        }
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> f) {
        List<Double> values = results.stream().map(f::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
        return values.get(values.size() / 2);
    }
}
