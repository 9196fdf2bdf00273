import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bin/bench-api (not a test): N concurrent clients, spread over 5 tenants, loop
 * create-peer / get-peer / list-peers against a running api-server, then print requests/s and
 * p50/p99 latency per operation. The reference row is GET /actuator/health under the same load:
 * the floor of HTTP + Spring + one database round trip. Health is served on the management port,
 * outside the API's admission control, so its latency is that floor, while an API request's
 * includes its turn.
 * One extra connection probes it every {@link #PROBE_INTERVAL}; the clients themselves do only
 * create/get/list, the load the target is about (a probe from each client as every fourth request
 * would add a third more requests on top of theirs).
 *
 * <p>One warm-up period, then {@code rounds} measured periods; the table shows the median of the
 * rounds for every figure, so one round disturbed by a neighbour on the shared machine does not
 * decide the result.
 *
 * <p>Each client is a platform thread with one keep-alive HTTP/1.1 connection written and parsed
 * by hand. The JDK HttpClient was the first choice, but on this 2-core machine it cost about as
 * much CPU per request as the server itself (its selector thread and async pipeline), so the load
 * generator starved the server it was measuring. The CPU rows (when process ids are given) show
 * what each side costs per request, a figure that other load on the machine does not distort.
 *
 * <p>The load generator must not stop its own clients: a pause while responses wait in its sockets
 * counts against the server. With G1, its young collections stopped all 50 clients for 30-35 ms
 * every 5 s (their two GC threads compete with the server for the two cores), and the requests in
 * flight, half of the slowest 1%, all ended within the same 4 ms. So bin/bench-api runs it on ZGC,
 * whose pauses are below a millisecond, it records latencies as primitives, and the table shows
 * its GC pauses per round, so a reader can see that the instrument did not stall.
 *
 * <p>Usage: java ApiBench.java api-url management-url bootstrap-key clients seconds [rounds] [server-pid] [postgres-pid]
 */
public class ApiBench {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\":\"(vpk_[^\"]+)\"");
    private static final String HEALTH = "reference: GET /actuator/health";
    private static final List<String> OPERATIONS = List.of("create peer", "get peer", "list peers (50)", HEALTH);
    /**
     * A fresh JVM on a shared 2-core machine needs minutes before C2 has compiled the hot paths:
     * measured, the server's CPU per request falls about threefold over its first two minutes, and
     * its compiler threads still took a sixth of the machine after 150 s. The target is about a
     * running server, so the warm-up lasts at least BENCH_WARMUP seconds and then until the
     * server's JIT compiler threads used under {@link #SETTLED_COMPILER_SHARE} of a core over the
     * last {@link #SETTLE_WINDOW_SECONDS} s, or BENCH_WARMUP_MAX seconds at most.
     */
    static final int WARMUP_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "60"));
    static final int WARMUP_MAX_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_MAX", "300"));
    static final double SETTLED_COMPILER_SHARE = 0.03;
    static final int SETTLE_WINDOW_SECONDS = 10;
    static final Duration PROBE_INTERVAL = Duration.ofMillis(10);

    /** A response whose body is still in its connection's buffer: read it before the next request. */
    record Response(int status, byte[] buffer, int length) {
        String body() {
            return new String(buffer, 0, length, StandardCharsets.UTF_8);
        }
    }

    /** Latencies of one period, by operation; errors counted apart. */
    static final class Period {
        final Map<String, Latencies> latencies = new ConcurrentHashMap<>();
        final AtomicLong errors = new AtomicLong();

        void record(String op, long nanos) {
            latencies.computeIfAbsent(op, k -> new Latencies()).add(nanos);
        }

        long requests() {
            return latencies.values().stream().mapToLong(Latencies::size).sum();
        }
    }

    /**
     * One operation's latencies in one period, as primitives: boxed lists made the load generator's
     * young collections copy every figure recorded so far, which on a saturated machine paused all
     * clients for 30 ms and more (see the class comment).
     */
    static final class Latencies {
        private long[] nanos = new long[1 << 15];
        private int size;

        synchronized void add(long n) {
            if (size == nanos.length) nanos = Arrays.copyOf(nanos, size * 2);
            nanos[size++] = n;
        }

        synchronized int size() {
            return size;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(nanos, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    record RoundFigures(Map<String, double[]> byOperation, long errors, Map<String, Double> cpuMsPerRequest,
                        GcPauses loadGeneratorGc) {}

    /** Stop-the-world pauses of this JVM so far: ZGC reports them apart from its concurrent cycles. */
    record GcPauses(long count, long millis) {
        static GcPauses now() {
            List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
            List<GarbageCollectorMXBean> pauses = beans.stream().filter(b -> b.getName().contains("Pauses")).toList();
            long count = 0, millis = 0;
            for (GarbageCollectorMXBean b : pauses.isEmpty() ? beans : pauses) {
                count += b.getCollectionCount();
                millis += b.getCollectionTime();
            }
            return new GcPauses(count, millis);
        }

        GcPauses since(GcPauses before) {
            return new GcPauses(count - before.count, millis - before.millis);
        }
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        URI management = URI.create(args[1]);
        String bootstrap = args[2];
        int clients = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        Map<String, Long> processes = new LinkedHashMap<>();
        if (args.length > 6 && Long.parseLong(args[6]) > 0) processes.put("server JVM", Long.parseLong(args[6]));
        if (args.length > 7 && Long.parseLong(args[7]) > 0) processes.put("PostgreSQL", Long.parseLong(args[7]));
        processes.put("load generator", ProcessHandle.current().pid());

        List<String> tenantKeys = new ArrayList<>();
        try (var admin = new Connection(base)) {
            for (int t = 0; t < 5; t++) {
                Response tenant = admin.send("POST", "/v1/tenants", bootstrap, null,
                        "{\"name\":\"bench-" + t + "-" + System.nanoTime() + "\"}");
                String tenantId = match(ID, tenant);
                Response key = admin.send("POST", "/v1/api-keys", bootstrap, tenantId, "{\"name\":\"bench\",\"role\":\"admin\"}");
                tenantKeys.add(match(SECRET, key));
            }
        }

        // periods[0] is the warm-up; the main thread moves the clients on by setting the index
        List<Period> periods = new ArrayList<>();
        for (int i = 0; i <= rounds; i++) periods.add(new Period());
        AtomicInteger current = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong sequence = new AtomicLong();
        CyclicBarrier ready = new CyclicBarrier(clients);

        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String key = tenantKeys.get(c % tenantKeys.size());
            Thread t = Thread.ofPlatform().name("client-" + c).start(() -> runClient(base, key, sequence, ready, periods, current, done));
            threads.add(t);
        }
        threads.add(Thread.ofPlatform().name("reference-prober").start(() -> runProber(management, periods, current, done)));
        long start = System.nanoTime();
        double compilerShare = warmUp(processes.get("server JVM"), start);
        double warmedUp = (System.nanoTime() - start) / 1e9;
        // sample CPU and our GC pauses at each period boundary
        List<Map<String, Double>> cpu = new ArrayList<>();
        List<GcPauses> gc = new ArrayList<>();
        cpu.add(cpuSeconds(processes));
        gc.add(GcPauses.now());
        for (int r = 1; r <= rounds; r++) {
            current.set(r);
            Thread.sleep(Duration.ofSeconds(seconds));
            cpu.add(cpuSeconds(processes));
            gc.add(GcPauses.now());
        }
        done.set(true);
        for (Thread t : threads) t.join();
        System.out.printf(Locale.ROOT, "%nwarm-up: %.0f s; the server's JIT compiler threads then used %.1f%% of a core%n",
                warmedUp, compilerShare * 100);

        List<RoundFigures> figures = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Period p = periods.get(r);
            Map<String, double[]> ops = new LinkedHashMap<>();
            for (String op : OPERATIONS) {
                Latencies recorded = p.latencies.get(op);
                if (recorded == null || recorded.size() == 0) continue;
                long[] l = recorded.sorted();
                ops.put(op, new double[] {l.length, l.length / (double) seconds, percentile(l, 50) / 1e6, percentile(l, 99) / 1e6});
            }
            Map<String, Double> perRequest = new LinkedHashMap<>();
            for (String name : processes.keySet()) {
                Double before = cpu.get(r - 1).get(name), after = cpu.get(r).get(name);
                if (before != null && after != null && p.requests() > 0) {
                    perRequest.put(name, (after - before) * 1000 / p.requests());
                }
            }
            figures.add(new RoundFigures(ops, p.errors.get(), perRequest, gc.get(r).since(gc.get(r - 1))));
        }
        print(clients, seconds, rounds, figures);
    }

    static void runClient(URI base, String key, AtomicLong sequence, CyclicBarrier ready, List<Period> periods,
                          AtomicInteger current, AtomicBoolean done) {
        List<String> mine = new ArrayList<>();
        Connection connection = new Connection(base);
        try {
            ready.await();
            for (int step = 0; !done.get(); step++) {
                Period period = periods.get(current.get());
                switch (step % 3) {
                    case 0 -> {
                        String body = "{\"name\":\"p" + sequence.incrementAndGet() + "\",\"address\":\"198.51.100.7\","
                                + "\"ikeIdentity\":\"branch.example.com\",\"labels\":{\"bench\":\"yes\"},"
                                + "\"auth\":{\"type\":\"psk\",\"psk\":\"correct horse battery staple\"}}";
                        Response r = timed(connection, period, "create peer", 201, "POST", "/v1/peers", key, body);
                        if (r != null && r.status() == 201) {
                            mine.add(match(ID, r));
                        }
                    }
                    case 1 -> {
                        if (!mine.isEmpty()) {
                            timed(connection, period, "get peer", 200, "GET", "/v1/peers/" + mine.getLast(), key, null);
                        }
                    }
                    default -> timed(connection, period, "list peers (50)", 200, "GET", "/v1/peers?limit=50", key, null);
                }
            }
        } catch (Exception e) {
            periods.getFirst().errors.incrementAndGet();
        } finally {
            connection.close();
        }
    }

    static void runProber(URI base, List<Period> periods, AtomicInteger current, AtomicBoolean done) {
        try (Connection connection = new Connection(base)) {
            while (!done.get()) {
                timed(connection, periods.get(current.get()), HEALTH, 200, "GET", "/actuator/health", null, null);
                Thread.sleep(PROBE_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits out the warm-up (see {@link #WARMUP_SECONDS}); returns the share of a core the server's
     * compiler threads used over the last window (NaN when the server's pid is unknown).
     */
    static double warmUp(Long serverPid, long start) throws InterruptedException {
        Thread.sleep(Duration.ofSeconds(WARMUP_SECONDS));
        if (serverPid == null) return Double.NaN;
        double share = Double.NaN;
        while (System.nanoTime() - start < Duration.ofSeconds(WARMUP_MAX_SECONDS).toNanos()) {
            double before = compilerCpuSeconds(serverPid);
            Thread.sleep(Duration.ofSeconds(SETTLE_WINDOW_SECONDS));
            share = (compilerCpuSeconds(serverPid) - before) / SETTLE_WINDOW_SECONDS;
            if (share < SETTLED_COMPILER_SHARE) break;
        }
        return share;
    }

    /** CPU seconds of the JVM's C1/C2 compiler threads, from /proc (utime + stime in clock ticks of 10 ms). */
    static double compilerCpuSeconds(long pid) {
        double ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) continue;
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                } catch (IOException gone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks / 100;
    }

    static Response timed(Connection connection, Period period, String op, int expected, String method, String path,
                          String key, String body) {
        long start = System.nanoTime();
        try {
            Response r = connection.send(method, path, key, null, body);
            long elapsed = System.nanoTime() - start;
            if (r.status() != expected) {
                period.errors.incrementAndGet();
            } else {
                period.record(op, elapsed);
            }
            return r;
        } catch (IOException e) {
            period.errors.incrementAndGet();
            connection.close();
            return null;
        }
    }

    /** One keep-alive HTTP/1.1 connection; reconnects after the server closes it. */
    static final class Connection implements AutoCloseable {
        private final URI base;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        /** Bodies are read into this one buffer: a page of 50 is 20 kB, and copying it three times made garbage. */
        private byte[] body = new byte[64 * 1024];

        Connection(URI base) {
            this.base = base;
        }

        Response send(String method, String path, String key, String tenant, String body) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
                socket.setSoTimeout(30_000);
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                out = socket.getOutputStream();
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Accept: application/json\r\n");
            if (key != null) head.append("Authorization: Bearer ").append(key).append("\r\n");
            if (tenant != null) head.append("Vpnaas-Tenant-Id: ").append(tenant).append("\r\n");
            if (body != null) head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + content.length);
            System.arraycopy(content, 0, request, headBytes.length, content.length);
            out.write(request);
            out.flush();
            return read();
        }

        private Response read() throws IOException {
            String status = line();
            if (status == null) throw new IOException("connection closed by server");
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = false;
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).strip());
                else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
                else if (lower.startsWith("connection:") && lower.contains("close")) close = true;
            }
            int read = 0;
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                    read = readBody(read, size);
                    line();
                }
                while (!line().isEmpty()) { /* trailers */ }
            } else if (length > 0) {
                read = readBody(0, (int) length);
            }
            if (close) close();
            return new Response(code, body, read);
        }

        private int readBody(int offset, int size) throws IOException {
            if (offset + size > body.length) body = Arrays.copyOf(body, Math.max(body.length * 2, offset + size));
            if (in.readNBytes(body, offset, size) < size) throw new IOException("connection closed within a body");
            return offset + size;
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) return s.isEmpty() ? null : s.toString();
                if (b != '\r') s.append((char) b);
            }
            return s.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a socket we are done with; nothing to recover
                }
                socket = null;
            }
        }
    }

    static Map<String, Double> cpuSeconds(Map<String, Long> processes) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        processes.forEach((name, pid) -> ProcessHandle.of(pid).ifPresent(p -> {
            // the PostgreSQL postmaster forks a backend per connection: count them all
            double total = cpu(p) + p.descendants().mapToDouble(ApiBench::cpu).sum();
            seconds.put(name, name.equals("server JVM") ? cpu(p) : total);
        }));
        return seconds;
    }

    static double cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    static String match(Pattern p, Response r) {
        Matcher m = p.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("unexpected response " + r.status() + ": " + r.body());
        }
        return m.group(1);
    }

    static void print(int clients, int seconds, int rounds, List<RoundFigures> figures) {
        long errors = figures.stream().mapToLong(RoundFigures::errors).sum();
        System.out.printf("%d clients, %d rounds of %d s, errors: %d; figures are medians of the rounds%n",
                clients, rounds, seconds, errors);
        System.out.printf("%-34s %10s %10s %10s %10s %12s   %s%n", "operation", "requests", "req/s", "p50 ms", "p99 ms",
                "p50/ref p50", "p99 ms per round");
        double refP50 = median(figures, HEALTH, 2);
        for (String op : OPERATIONS) {
            if (figures.stream().noneMatch(f -> f.byOperation().containsKey(op))) continue;
            double p50 = median(figures, op, 2);
            StringBuilder perRound = new StringBuilder();
            for (RoundFigures f : figures) {
                double[] v = f.byOperation().get(op);
                perRound.append(String.format(Locale.ROOT, " %.1f", v == null ? Double.NaN : v[3]));
            }
            System.out.printf(Locale.ROOT, "%-34s %10.0f %10.0f %10.2f %10.2f %12.2f  %s%n", op, median(figures, op, 0),
                    median(figures, op, 1), p50, median(figures, op, 3), p50 / refP50, perRound);
        }
        if (!figures.getFirst().cpuMsPerRequest().isEmpty()) {
            System.out.print("CPU ms per request (all operations):");
            for (String name : figures.getFirst().cpuMsPerRequest().keySet()) {
                double[] v = figures.stream().mapToDouble(f -> f.cpuMsPerRequest().getOrDefault(name, Double.NaN)).sorted().toArray();
                System.out.printf(Locale.ROOT, "  %s %.2f", name, v[v.length / 2]);
            }
            System.out.println();
        }
        System.out.print("load generator GC pauses per round:");
        for (RoundFigures f : figures) {
            System.out.printf(Locale.ROOT, "  %d (%d ms)", f.loadGeneratorGc().count(), f.loadGeneratorGc().millis());
        }
        System.out.println();
    }

    static double median(List<RoundFigures> figures, String op, int index) {
        double[] v = figures.stream().map(f -> f.byOperation().get(op)).filter(a -> a != null).mapToDouble(a -> a[index])
                .sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
