import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bin/bench-api (not a test): N concurrent clients on virtual threads, spread
 * over 5 tenants, loop create-peer / get-peer / list-peers against a running api-server for a
 * fixed time, then print requests/s and p50/p99 latency per operation. The reference row is
 * GET /actuator/health under the same load: the floor of HTTP + Spring + one database ping.
 *
 * Usage: java ApiBench.java <base url> <bootstrap key> <clients> <seconds>
 */
public class ApiBench {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\":\"(vpk_[^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    record Result(int status, String body) {}

    static final Map<String, List<Long>> LATENCIES = new ConcurrentHashMap<>();
    static final AtomicLong ERRORS = new AtomicLong();
    /** A fresh JVM on a shared 2-core machine needs a while before C2 has compiled the hot paths. */
    static final int WARMUP_SECONDS = 10;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String bootstrap = args[1];
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);

        List<String> tenantKeys = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            Result tenant = send(base, bootstrap, null, "POST", "/v1/tenants",
                    "{\"name\":\"bench-" + t + "-" + System.nanoTime() + "\"}");
            String tenantId = match(ID, tenant);
            Result key = send(base, bootstrap, tenantId, "POST", "/v1/api-keys", "{\"name\":\"bench\",\"role\":\"admin\"}");
            tenantKeys.add(match(SECRET, key));
        }

        long warmupEnd = System.nanoTime() + Duration.ofSeconds(WARMUP_SECONDS).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        AtomicLong sequence = new AtomicLong();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                String key = tenantKeys.get(c % tenantKeys.size());
                pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    int step = 0;
                    while (System.nanoTime() < end) {
                        boolean measured = System.nanoTime() > warmupEnd;
                        switch (step++ % 4) {
                            case 0 -> {
                                String body = "{\"name\":\"p" + sequence.incrementAndGet() + "\",\"address\":\"198.51.100.7\","
                                        + "\"ikeIdentity\":\"branch.example.com\",\"labels\":{\"bench\":\"yes\"},"
                                        + "\"auth\":{\"type\":\"psk\",\"psk\":\"correct horse battery staple\"}}";
                                Result r = timed(measured, "create peer", 201, base, key, "POST", "/v1/peers", body);
                                if (r != null && r.status() == 201) {
                                    mine.add(match(ID, r));
                                }
                            }
                            case 1 -> {
                                if (!mine.isEmpty()) {
                                    timed(measured, "get peer", 200, base, key, "GET", "/v1/peers/" + mine.get(mine.size() - 1), null);
                                }
                            }
                            case 2 -> timed(measured, "list peers (50)", 200, base, key, "GET", "/v1/peers?limit=50", null);
                            default -> timed(measured, "reference: GET /actuator/health", 200, base, null, "GET", "/actuator/health", null);
                        }
                    }
                    return null;
                });
            }
        }
        print(clients, seconds);
    }

    static Result timed(boolean measured, String op, int expected, String base, String key, String method, String path, String body) {
        long start = System.nanoTime();
        try {
            Result r = send(base, key, null, method, path, body);
            long elapsed = System.nanoTime() - start;
            if (r.status() != expected) {
                ERRORS.incrementAndGet();
            } else if (measured) {
                LATENCIES.computeIfAbsent(op, k -> Collections.synchronizedList(new ArrayList<>())).add(elapsed);
            }
            return r;
        } catch (Exception e) {
            ERRORS.incrementAndGet();
            return null;
        }
    }

    static Result send(String base, String key, String tenant, String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30));
        if (body != null) request.header("Content-Type", "application/json");
        if (key != null) request.header("Authorization", "Bearer " + key);
        if (tenant != null) request.header("Vpnaas-Tenant-Id", tenant);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Result(response.statusCode(), response.body());
    }

    static String match(Pattern p, Result r) {
        Matcher m = p.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("unexpected response " + r.status() + ": " + r.body());
        }
        return m.group(1);
    }

    static void print(int clients, int seconds) {
        System.out.printf("%n%d clients, %d s measured (after %d s warm-up), errors: %d%n", clients, seconds, WARMUP_SECONDS, ERRORS.get());
        System.out.printf("%-34s %10s %10s %10s %10s %12s%n", "operation", "requests", "req/s", "p50 ms", "p99 ms", "p50/ref p50");
        List<Long> ref = sorted(LATENCIES.getOrDefault("reference: GET /actuator/health", List.of()));
        double refP50 = ref.isEmpty() ? Double.NaN : percentile(ref, 50);
        for (String op : List.of("create peer", "get peer", "list peers (50)", "reference: GET /actuator/health")) {
            List<Long> l = sorted(LATENCIES.getOrDefault(op, List.of()));
            if (l.isEmpty()) continue;
            double p50 = percentile(l, 50);
            System.out.printf("%-34s %10d %10.0f %10.2f %10.2f %12.2f%n", op, l.size(), l.size() / (double) seconds,
                    p50 / 1e6, percentile(l, 99) / 1e6, p50 / refP50);
        }
    }

    static List<Long> sorted(List<Long> l) {
        List<Long> copy = new ArrayList<>(l);
        Collections.sort(copy);
        return copy;
    }

    static double percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
