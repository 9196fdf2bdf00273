package net.vpnaas.ike.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import net.vpnaas.ike.interop.Stats;

/**
 * Issue 3's and issue 15's benchmark: IKE_SA_INIT [+ IKE_INTERMEDIATE] + IKE_AUTH handshakes per second
 * on one core, our responder ({@link EngineResponderMain}) against strongSwan's charon (the case's build,
 * see {@link BenchCase}), both driven by the same {@link LoadGenerator} in the same run.
 *
 * <p>This JVM is the generator: bin/bench-ike starts it inside a namespace {@code ib<hex>} pinned to
 * core 0. Each responder gets a namespace of its own (veth to ours) and core 1. Per case: one handshake
 * against each responder that the responder itself must list as established (so the figures cannot come
 * from failed handshakes), a warm-up per responder until its rate is steady, then {@code reps} measurement windows per responder,
 * alternating, each under a steady {@code inFlight} handshakes. Reported: median handshakes/s and the
 * responder's CPU time per handshake from /proc/PID/stat (load-independent), with failures.
 *
 * <p>Arguments: {@code [warm-up s=10] [window s=10] [reps=3] [in flight=64] [cases=psk,ecdsa]}, cases
 * named as in {@link BenchCase} (any case).
 */
public final class IkeBench {
    private static final int RESPONDER_CORE = 1;
    private static final int GENERATOR_THREADS = 2;
    private static final long WARM_UP_HANDSHAKES = 10_000;
    private static final Duration WARM_UP_STEP = Duration.ofSeconds(5);
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(180);

    /** What must go even if the run is interrupted (SIGINT/SIGTERM skip try-with-resources): newest first. */
    private static final java.util.Deque<AutoCloseable> OPEN = new java.util.concurrent.ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable c; (c = OPEN.pollFirst()) != null; ) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e);
                }
            }
        }, "ib-cleanup"));
    }

    private IkeBench() {}

    /** Registers {@code c} for the interrupt cleanup; closing it normally is still the caller's job. */
    static <T extends AutoCloseable> T track(T c) {
        OPEN.addFirst(c);
        return c;
    }

    /** One measurement window against one responder. */
    record Window(double handshakesPerSecond, double cpuMillisPerHandshake, double responderCoreShare, double generatorCoreShare,
                  long failures) {}

    record Result(BenchCase benchCase, List<Window> ours, List<Window> theirs, LoadGenerator.Counts oursTotal,
                  LoadGenerator.Counts theirsTotal, String oursSummary, String theirsSummary) {}

    public static void main(String[] args) throws Exception {
        Duration warmUp = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        List<BenchCase> cases = new ArrayList<>();
        for (String c : (args.length > 4 ? args[4] : "psk,ecdsa").split(",")) cases.add(BenchCase.valueOf(c.strip().toUpperCase(Locale.ROOT)));
        List<String> missing = cases.stream().map(c -> c.reference).distinct().flatMap(b -> CharonResponder.missing(b).stream()).toList();
        if (!missing.isEmpty()) {
            System.err.println("bench-ike: missing " + String.join(", ", missing));
            System.exit(2);
        }
        System.out.printf("warm-up %ds, %d x %ds windows per responder, %d handshakes in flight; generator core 0, responders core %d%n",
                warmUp.toSeconds(), reps, window.toSeconds(), inFlight, RESPONDER_CORE);
        List<Result> results = new ArrayList<>();
        try (ResponderSite oursSite = track(ResponderSite.create("192.0.2"));
             ResponderSite theirsSite = track(ResponderSite.create("198.51.100"))) {
            for (BenchCase c : cases) results.add(run(c, oursSite, theirsSite, warmUp, window, reps, inFlight));
        }
        print(results);
    }

    private static Result run(BenchCase c, ResponderSite oursSite, ResponderSite theirsSite, Duration warmUp, Duration window,
                              int reps, int inFlight) throws Exception {
        System.out.println("== " + c.title);
        BenchCredentials creds = BenchCredentials.create(c);
        InitiatorProfile profile = creds.initiatorProfile();
        try (EngineResponder ours = track(EngineResponder.start(oursSite, creds, RESPONDER_CORE));
             CharonResponder theirs = track(CharonResponder.start(theirsSite, creds, RESPONDER_CORE));
             LoadGenerator toOurs = new LoadGenerator(profile, new InetSocketAddress(oursSite.generatorAddress(), 0), ours.address(), GENERATOR_THREADS);
             LoadGenerator toTheirs = new LoadGenerator(profile, new InetSocketAddress(theirsSite.generatorAddress(), 0), theirs.address(), GENERATOR_THREADS)) {
            check(toOurs, ours);
            check(toTheirs, theirs);
            warmUp(toOurs, ours, warmUp, inFlight);
            warmUp(toTheirs, theirs, warmUp, inFlight);
            List<Window> oursWindows = new ArrayList<>();
            List<Window> theirsWindows = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                // Alternate who goes first, so that a drift in the machine's background load hits both alike.
                boolean oursFirst = i % 2 == 0;
                for (boolean o : oursFirst ? List.of(true, false) : List.of(false, true)) {
                    Window w = measure(o ? toOurs : toTheirs, o ? ours : theirs, window, inFlight);
                    (o ? oursWindows : theirsWindows).add(w);
                    System.out.printf(Locale.ROOT, "  window %d %-10s %8.0f hs/s  %6.3f ms CPU/hs  responder core %3.0f%%  generator core %3.0f%%  failures %d%n",
                            i + 1, (o ? ours : theirs).label(), w.handshakesPerSecond(), w.cpuMillisPerHandshake(),
                            100 * w.responderCoreShare(), 100 * w.generatorCoreShare(), w.failures());
                }
            }
            return new Result(c, oursWindows, theirsWindows, toOurs.counts(), toTheirs.counts(), ours.summary(), theirs.summary());
        }
    }

    /**
     * At least {@code minimum} of load and {@link #WARM_UP_HANDSHAKES} handshakes, then on in steps of
     * {@link #WARM_UP_STEP} until the responder's CPU time per handshake of a step is within 5% of the
     * step before (at most {@link #WARM_UP_LIMIT}): a JVM on one core interprets and JIT-compiles on the
     * core it serves from for its first thousands of handshakes, and the figures are for the steady
     * state. charon needs no such time but gets the same rule. CPU per handshake rather than the rate,
     * because the rate also follows the machine's background load.
     */
    static void warmUp(LoadGenerator gen, Responder r, Duration minimum, int inFlight) throws InterruptedException {
        long t0 = System.nanoTime();
        gen.startLoad(inFlight);
        Thread.sleep(minimum);
        while (gen.counts().completed() < WARM_UP_HANDSHAKES && System.nanoTime() - t0 < WARM_UP_LIMIT.toNanos()) {
            Thread.sleep(1000);
        }
        double previous = 0;
        while (System.nanoTime() - t0 < WARM_UP_LIMIT.toNanos()) {
            long before = gen.counts().completed();
            double cpuBefore = ProcCpu.seconds(r.pid());
            Thread.sleep(WARM_UP_STEP);
            long done = gen.counts().completed() - before;
            double cpuPerHandshake = done == 0 ? Double.MAX_VALUE : (ProcCpu.seconds(r.pid()) - cpuBefore) / done;
            if (previous > 0 && Math.abs(cpuPerHandshake - previous) <= 0.05 * previous) break;
            previous = cpuPerHandshake;
        }
        gen.stopLoad();
        System.out.printf(Locale.ROOT, "  warm-up %-10s %.0f s, %s%n", r.label(), (System.nanoTime() - t0) / 1e9, gen.counts());
    }

    /** One handshake left up; the responder must list it as established with its Child SA. */
    static void check(LoadGenerator gen, Responder r) throws Exception {
        Handshake h = gen.establishOne(Duration.ofSeconds(30));
        String evidence = r.confirmEstablished(h);
        gen.delete(h);
        System.out.printf("  check %-10s handshake ok, responder lists: %s%n", r.label(), evidence);
    }

    static Window measure(LoadGenerator gen, Responder r, Duration window, int inFlight) throws InterruptedException {
        gen.startLoad(inFlight);
        Thread.sleep(1000); // ramp-up: measure the steady state only
        LoadGenerator.Counts c0 = gen.counts();
        double cpu0 = ProcCpu.seconds(r.pid());
        double gen0 = ProcCpu.seconds(ProcessHandle.current().pid());
        long t0 = System.nanoTime();
        Thread.sleep(window);
        LoadGenerator.Counts c1 = gen.counts();
        double cpu1 = ProcCpu.seconds(r.pid());
        double gen1 = ProcCpu.seconds(ProcessHandle.current().pid());
        double seconds = (System.nanoTime() - t0) / 1e9;
        gen.stopLoad();
        long done = c1.completed() - c0.completed();
        double cpu = cpu1 - cpu0;
        return new Window(done / seconds, done == 0 ? Double.NaN : cpu * 1000 / done, cpu / seconds, (gen1 - gen0) / seconds,
                c1.failed() - c0.failed());
    }

    private static void print(List<Result> results) {
        System.out.println();
        String header = String.format("%-50s | %9s | %15s | %5s | %14s | %20s", "case (medians)", "ours hs/s", "strongSwan hs/s",
                "ratio", "ours CPU ms/hs", "strongSwan CPU ms/hs");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        for (Result r : results) {
            double oursRate = median(r.ours(), Window::handshakesPerSecond);
            double theirsRate = median(r.theirs(), Window::handshakesPerSecond);
            double oursCpu = median(r.ours(), Window::cpuMillisPerHandshake);
            double theirsCpu = median(r.theirs(), Window::cpuMillisPerHandshake);
            System.out.printf(Locale.ROOT, "%-50s | %9.0f | %15.0f | %5.2f | %14.3f | %20.3f%n", r.benchCase().title, oursRate, theirsRate,
                    oursRate / theirsRate, oursCpu, theirsCpu);
        }
        System.out.println();
        System.out.println("ratio = ours/strongSwan handshakes per second (>= 1: ours is at least as fast). CPU ms/hs = the responder");
        System.out.println("process's utime+stime per completed handshake; 1000 / that = handshakes/s one saturated core could do.");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%s: responder core use (median) ours %.0f%%, strongSwan %.0f%%; CPU ratio strongSwan/ours %.2f%n",
                    r.benchCase().title, 100 * median(r.ours(), Window::responderCoreShare), 100 * median(r.theirs(), Window::responderCoreShare),
                    median(r.theirs(), Window::cpuMillisPerHandshake) / median(r.ours(), Window::cpuMillisPerHandshake));
            System.out.printf("  ours:       %d handshakes verified in total, failures %s; responder: %s%n",
                    r.oursTotal().completed(), failures(r.oursTotal()), r.oursSummary());
            System.out.printf("  strongSwan: %d handshakes verified in total, failures %s; responder: %s%n",
                    r.theirsTotal().completed(), failures(r.theirsTotal()), r.theirsSummary());
        }
    }

    private static String failures(LoadGenerator.Counts c) {
        return c.failures().isEmpty() ? "none" : c.failed() + " " + new TreeMap<>(c.failures());
    }

    private static double median(List<Window> ws, java.util.function.ToDoubleFunction<Window> f) {
        return Stats.median(ws.stream().mapToDouble(f).toArray());
    }
}
