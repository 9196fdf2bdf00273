package net.vpnaas.api.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.api.ApiServerApplication;
import net.vpnaas.api.agent.telemetry.TelemetryWriter;
import net.vpnaas.api.traffic.TrafficRollup;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the traffic history costs to write (a benchmark, not a test): the api-server in-process on a
 * throwaway embedded PostgreSQL, {@code tunnels} tunnels (10 per gateway, one Child SA each) whose
 * gateways report all their counters every {@code intervalMs}, fed into the real telemetry writer
 * (the statement that updates tunnel_sa and appends to traffic_raw) without gRPC in between.
 *
 * <p>Two windows of {@code seconds} each with the same reports: the reference, where no counter
 * changes (so the statement runs but appends no history row: what updating the counters costs), and
 * the measured one, where every tunnel carries traffic in every report (one history row per report).
 * Then the rollup of the raw rows into one-minute sums. CPU from /proc of this JVM and of the
 * PostgreSQL postmaster and its backends; rows from count(*).
 *
 * <p>System properties: tunnels (10000), intervalMs (5000), seconds (60).
 */
public final class TrafficHistoryBench {
    static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final int TUNNELS_PER_GATEWAY = 10;

    private final int tunnels = Integer.getInteger("tunnels", 10_000);
    private final int intervalMs = Integer.getInteger("intervalMs", 5000);
    private final int seconds = Integer.getInteger("seconds", 60);

    public static void main(String[] args) throws Exception {
        new TrafficHistoryBench().run();
        System.exit(0);
    }

    private record Window(String name, double seconds, long reports, long rows, MachineLoad.Cpu cpu) {}

    void run() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(ApiServerApplication.class).run(
                     "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                     "--spring.datasource.username=postgres", "--server.port=0", "--vpnaas.agent.port=0",
                     "--management.server.port=0", "--vpnaas.secrets.master-key=" + MASTER_KEY,
                     // the bench runs the rollup itself, to measure it apart from the writes
                     "--vpnaas.traffic.rollup-interval=1d", "--logging.level.root=WARN");
             Connection db = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"))) {
            int gateways = Math.ceilDiv(tunnels, TUNNELS_PER_GATEWAY);
            List<List<String>> tunnelsByGateway = setUp(db, gateways);
            TelemetryWriter writer = app.getBean(TelemetryWriter.class);
            TrafficRollup rollup = app.getBean(TrafficRollup.class);
            System.out.printf("%d tunnels on %d gateways, each gateway reporting all its counters every %d ms: %.0f reports/s%n",
                    tunnels, gateways, intervalMs, tunnels * 1000.0 / intervalMs);

            window("warm-up", writer, db, pg.getPort(), tunnelsByGateway, Math.min(20, seconds), true);
            Window reference = window("reference: no counter changes", writer, db, pg.getPort(), tunnelsByGateway, seconds, false);
            Window measured = window("every tunnel carries traffic", writer, db, pg.getPort(), tunnelsByGateway, seconds, true);

            long raw = count(db, "traffic_raw");
            MachineLoad.Cpu before = MachineLoad.cpu(pg.getPort());
            long start = System.nanoTime();
            rollup.run(Instant.now().plusSeconds(120)); // every raw row so far is in a settled minute
            double rollupSeconds = (System.nanoTime() - start) / 1e9;
            MachineLoad.Cpu rollupCpu = MachineLoad.cpu(pg.getPort()).minus(before);
            long minutes = count(db, "traffic_minute");

            System.out.println();
            System.out.printf("%-32s %10s %14s %18s %12s %10s%n", "window (" + seconds + " s each)", "reports/s",
                    "history rows/s", "PostgreSQL CPU", "this JVM CPU", "machine");
            for (Window w : List.of(reference, measured)) {
                System.out.printf("%-32s %10.0f %14.0f %12.3f cores %6.3f cores %9.0f%%%n", w.name(), w.reports() / w.seconds(),
                        w.rows() / w.seconds(), w.cpu().postgres() / w.seconds(), w.cpu().jvm() / w.seconds(),
                        100 * w.cpu().machineBusy() / Math.max(w.cpu().machineTotal(), 1e-9));
            }
            double extra = (measured.cpu().postgres() / measured.seconds()) - (reference.cpu().postgres() / reference.seconds());
            System.out.printf("history's share of PostgreSQL CPU: %+.3f cores (%.1f us per history row)%n", extra,
                    1e6 * extra / Math.max(1, measured.rows() / measured.seconds()));
            System.out.printf("rollup of %d raw rows (%.0f s of history) into %d one-minute rows: %.2f s, PostgreSQL CPU %.2f s"
                            + " (%.3f cores if run every minute at this rate)%n", raw, 2 * seconds + Math.min(20, seconds) * 1.0,
                    minutes, rollupSeconds, rollupCpu.postgres(), rollupCpu.postgres() / (raw / Math.max(1.0, measured.rows() / measured.seconds())));
            System.out.printf("table sizes: traffic_raw %s, traffic_minute %s%n", size(db, "traffic_raw"), size(db, "traffic_minute"));
        }
    }

    /** Gateways, one policy and one peer, tunnels and one live SA per tunnel, in a few set-based statements. */
    private List<List<String>> setUp(Connection db, int gateways) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("""
                    insert into tenant (id, name, kind, version, created_at, updated_at)
                    values ('00000000-0000-7000-8000-00000000b001', 'bench', 'customer', 0, now(), now())""");
            s.execute("""
                    insert into peer (id, tenant_id, name, address, ike_identity, auth_method, psk_ciphertext, version, created_at, updated_at)
                    values ('00000000-0000-7000-8000-00000000b002', '00000000-0000-7000-8000-00000000b001', 'peer', '198.51.100.20',
                            'peer.example', 'psk', '\\x00', 0, now(), now())""");
            s.execute("""
                    insert into crypto_policy (id, tenant_id, name, ike_proposals, esp_proposals, ike_lifetime_seconds,
                      child_lifetime_seconds, rekey_margin_seconds, rekey_fuzz_percent, dpd_interval_seconds, dpd_timeout_seconds,
                      dpd_action, replay_window, esn, start_action, encapsulation, version, created_at, updated_at)
                    values ('00000000-0000-7000-8000-00000000b003', '00000000-0000-7000-8000-00000000b001', 'policy',
                            '["aes256gcm16-prfsha384-x25519"]', '["aes256gcm16"]', 28800, 3600, 540, 10, 30, 150, 'restart', 1024,
                            false, 'initiate', 'auto', 0, now(), now())""");
            s.execute("insert into gateway (id, tenant_id, name, public_addresses, version, created_at, updated_at)"
                    + " select gen_random_uuid(), '00000000-0000-7000-8000-00000000b001', 'gw-' || g, '[\"192.0.2.10\"]', 0, now(), now()"
                    + " from generate_series(1, " + gateways + ") g");
            s.execute("insert into tunnel (id, tenant_id, name, gateway_id, peer_id, policy_id, local_traffic_selectors,"
                    + " remote_traffic_selectors, version, created_at, updated_at)"
                    + " select gen_random_uuid(), g.tenant_id, g.name || '-' || k, g.id, '00000000-0000-7000-8000-00000000b002',"
                    + " '00000000-0000-7000-8000-00000000b003', '[\"10.1.0.0/16\"]', '[\"10.2.0.0/16\"]', 0, now(), now()"
                    + " from gateway g, generate_series(1, " + TUNNELS_PER_GATEWAY + ") k where g.name like 'gw-%'"
                    + " order by g.id, k limit " + tunnels);
            s.execute("insert into tunnel_sa (tunnel_id, spi_in, spi_out, established_at, updated_at)"
                    + " select id, 256, 257, now(), now() from tunnel");
            s.execute("analyze");
        }
        List<List<String>> byGateway = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("select gateway_id, array_agg(id::text) from tunnel group by gateway_id")) {
            while (r.next()) {
                List<String> ids = new ArrayList<>();
                ids.add(r.getString(1));
                ids.addAll(List.of((String[]) r.getArray(2).getArray()));
                byGateway.add(ids);
            }
        }
        return byGateway;
    }

    /**
     * Every gateway reports all its tunnels once per interval, the gateways spread evenly over it
     * (one tick every 100 ms), as agents started at random times do.
     */
    private Window window(String name, TelemetryWriter writer, Connection db, int port, List<List<String>> gateways,
                          int windowSeconds, boolean traffic) throws Exception {
        AtomicLong reports = new AtomicLong();
        AtomicLong tick = new AtomicLong();
        int ticksPerInterval = Math.max(1, intervalMs / 100);
        long rowsBefore = count(db, "traffic_raw");
        MachineLoad.Cpu before = MachineLoad.cpu(port);
        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            long n = tick.getAndIncrement();
            int slot = (int) (n % ticksPerInterval);
            for (int g = slot; g < gateways.size(); g += ticksPerInterval) {
                List<String> ids = gateways.get(g);
                var batch = TelemetryBatch.newBuilder();
                for (int k = 1; k < ids.size(); k++) {
                    // cumulative counters: growing when the tunnel carries traffic, the same otherwise
                    long total = traffic ? (n + 1) * 1_000_000L + k : 0;
                    batch.addCounters(TunnelCounters.newBuilder().setTunnelId(ids.get(k)).setChildSpiIn(256)
                            .setBytesIn(total).setBytesOut(total / 2).setPacketsIn(total / 1000).setPacketsOut(total / 2000));
                }
                writer.submit(UUID.fromString(ids.getFirst()), batch.build());
                reports.addAndGet(ids.size() - 1);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(windowSeconds * 1000L);
        ticker.shutdown();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        writer.flush();
        double elapsed = (System.nanoTime() - start) / 1e9;
        MachineLoad.Cpu cpu = MachineLoad.cpu(port).minus(before);
        long rows = count(db, "traffic_raw") - rowsBefore;
        System.out.printf("  %s: %d reports, %d history rows in %.1f s%n", name, reports.get(), rows, elapsed);
        return new Window(name, elapsed, reports.get(), rows, cpu);
    }

    private static long count(Connection db, String table) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String size(Connection db, String table) throws Exception {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("select pg_size_pretty(pg_total_relation_size('" + table + "'))")) {
            r.next();
            return r.getString(1);
        }
    }
}
