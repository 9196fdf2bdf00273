package net.vpnaas.ike.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.ike.interop.SpoofedInitFlood;

/**
 * Issue 16's flood benchmark: legitimate IKE handshakes per second through our responder (one core,
 * with the defences an agent runs: COOKIE from 50 half-open IKE SAs, puzzles from 200, half-open limits)
 * while a raw socket floods it with N spoofed IKE_SA_INITs a second from random sources, N stepped up
 * from 0 until fewer than 95% of the legitimate handshakes succeed or the sender cannot go faster.
 * The unflooded rate (N = 0) is the reference, measured in the same run.
 *
 * <p>The generator and the sender share core 0 (the sender is paced), the responder has core 1. Per
 * step: the flood starts, after {@link #RAMP} a window is measured with {@code inFlight} legitimate
 * handshakes in flight, each answering a COOKIE (and a PUZZLE) as an initiator must; a handshake that
 * gets no answer after two retransmissions (4 s apart) fails.
 *
 * <p>Arguments: {@code [window s=10] [in flight=16] [rates=0,1000,2000,5000,10000,20000,40000]}.
 */
public final class FloodBench {
    private static final int RESPONDER_CORE = 1;
    private static final Duration RAMP = Duration.ofSeconds(2);
    private static final double WITHSTOOD = 0.95;
    private static final Pattern SENT = Pattern.compile("SENT (\\d+) in ([\\d.]+) s");

    private FloodBench() {}

    private record Step(int rate, double sentPerSecond, IkeBench.Window window, double success, String defence) {}

    public static void main(String[] args) throws Exception {
        Duration window = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        List<Integer> rates = new ArrayList<>();
        for (String r : (args.length > 2 ? args[2] : "0,1000,2000,5000,10000,20000,40000").split(",")) rates.add(Integer.parseInt(r.strip()));
        Path dir = Files.createTempDirectory("flood-bench-");
        SpoofedInitFlood sender = SpoofedInitFlood.prepare(dir);
        System.out.printf("window %ds, %d legitimate handshakes in flight; generator and sender core 0, responder core %d%n",
                window.toSeconds(), inFlight, RESPONDER_CORE);
        List<Step> steps = new ArrayList<>();
        try (ResponderSite site = IkeBench.track(ResponderSite.create("192.0.2"))) {
            // Answers to the spoofed sources come back to this namespace, which drops them (not its addresses).
            site.exec("ip", "route", "add", "100.64.0.0/10", "via", site.generatorAddress());
            for (String conf : List.of("all", "default")) site.exec("sysctl", "-qw", "net.ipv4.conf." + conf + ".rp_filter=0");
            BenchCredentials creds = BenchCredentials.create(BenchCase.PSK);
            try (EngineResponder ours = IkeBench.track(EngineResponder.start(site, creds, RESPONDER_CORE, true));
                 LoadGenerator gen = new LoadGenerator(creds.initiatorProfile(), new InetSocketAddress(site.generatorAddress(), 0),
                         ours.address(), 2)) {
                IkeBench.check(gen, ours);
                IkeBench.warmUp(gen, ours, Duration.ofSeconds(10), inFlight);
                for (int rate : rates) {
                    Step s = step(sender, site, gen, ours, rate, window, inFlight, dir);
                    steps.add(s);
                    System.out.printf(Locale.ROOT, "  flood %6d/s (sent %8.0f/s): %7.0f hs/s, success %5.1f%%, %.3f ms CPU/hs; %s%n", rate,
                            s.sentPerSecond(), s.window().handshakesPerSecond(), 100 * s.success(), s.window().cpuMillisPerHandshake(), s.defence());
                    if (s.success() < WITHSTOOD) break;
                    if (rate > 0 && s.sentPerSecond() < 0.8 * rate) {
                        System.out.println("  the sender reached its own limit: stepping further measures the sender, not the gateway");
                        break;
                    }
                }
            }
        }
        print(steps);
    }

    private static Step step(SpoofedInitFlood sender, ResponderSite site, LoadGenerator gen, EngineResponder ours, int rate, Duration window,
                             int inFlight, Path dir) throws IOException, InterruptedException {
        Process flood = null;
        Path log = dir.resolve("flood-" + rate + ".log");
        if (rate > 0) {
            List<String> cmd = new ArrayList<>(List.of("taskset", "-c", "0"));
            cmd.addAll(sender.command(site.responderAddress(), window.plus(RAMP).plusSeconds(5), rate));
            flood = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            IkeBench.track((AutoCloseable) flood::destroy); // also when the run is interrupted
        }
        try {
            Thread.sleep(RAMP);
            LoadGenerator.Counts before = gen.counts();
            IkeBench.Window w = IkeBench.measure(gen, ours, window, inFlight);
            LoadGenerator.Counts after = gen.counts();
            long done = after.completed() - before.completed();
            long failed = after.failed() - before.failed();
            double success = done + failed == 0 ? 0 : (double) done / (done + failed);
            return new Step(rate, rate == 0 ? 0 : sentPerSecond(log), w, success, ours.defence());
        } finally {
            if (flood != null) {
                flood.destroy();
                flood.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static double sentPerSecond(Path log) throws IOException {
        Matcher last = null;
        for (String line : Files.readAllLines(log)) {
            Matcher m = SENT.matcher(line);
            if (m.find()) last = m;
        }
        return last == null ? 0 : Long.parseLong(last.group(1)) / Double.parseDouble(last.group(2));
    }

    private static void print(List<Step> steps) {
        System.out.println();
        String header = String.format("%-12s | %-12s | %9s | %7s | %13s | %11s", "flood req/s", "sent req/s", "legit hs/s", "success",
                "vs no flood", "CPU ms/hs");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        double reference = steps.getFirst().window().handshakesPerSecond();
        double withstood = 0;
        for (Step s : steps) {
            System.out.printf(Locale.ROOT, "%-12d | %-12.0f | %9.0f | %6.1f%% | %13.2f | %11.3f%n", s.rate(), s.sentPerSecond(),
                    s.window().handshakesPerSecond(), 100 * s.success(), s.window().handshakesPerSecond() / reference, s.window().cpuMillisPerHandshake());
            if (s.success() >= WITHSTOOD) withstood = s.sentPerSecond(); // what arrived, not what was asked of the sender
        }
        boolean allWithstood = steps.stream().allMatch(s -> s.success() >= WITHSTOOD);
        System.out.println();
        System.out.printf(Locale.ROOT, "withstood (>= 95%% of legitimate handshakes succeed): %.0f spoofed IKE_SA_INIT/s on one core%s%n", withstood,
                allWithstood ? " (every step: the limit is the sender's, not the gateway's)" : "");
        System.out.println("reference: the same responder and generator without a flood (first row), in the same run");
    }
}
