package net.vpnaas.api.bench;

import com.google.protobuf.ByteString;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.api.ApiServerApplication;
import net.vpnaas.api.agent.AgentEndpoint;
import net.vpnaas.api.agent.JdbcEnrollmentTokens;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.agent.ca.TlsKeyMaterial;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.EnrollRequest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scale benchmark for bin/bench-scale (not a test). One JVM runs the api-server (in-process, on a
 * throwaway embedded PostgreSQL) and the load: gateways with tunnels created through REST, one
 * simulated agent per gateway (own certificate from Enroll, one stream, all channels on one Netty
 * event loop group), counters for every tunnel every second, and PATCHes of a gateway's own crypto
 * policy (child SA lifetime) at a steady rate. Measures push latency (REST request start, and response, to the agent's ACK) and
 * telemetry: counter reports sent by the agents, received by the server, and SA rows written (the server's count of rows
 * its UPDATEs changed, and PostgreSQL's pg_stat_user_tables.n_tup_upd), per second.
 *
 * System properties: gateways (1000), tunnels (10 per gateway), tenants (10), patchRate (20/s),
 * seconds (30, the measured window), referenceSeconds (15, PATCHes before any telemetry), warmup (10 s), setup (sql | rest: how gateways and tunnels are made),
 * counterIntervalMs (1000: each agent reports all its tunnels' counters this often).
 */
public final class ScaleBench {
    static final String BOOTSTRAP_KEY = "vpk_0000000000007000800000000000b007_bootstrapbootstrapbootstrapbootstrapbootstr";
    static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    final int gateways = Integer.getInteger("gateways", 1000);
    final int tunnels = Integer.getInteger("tunnels", 10);
    final int tenants = Integer.getInteger("tenants", 10);
    final int patchRate = Integer.getInteger("patchRate", 20);
    final int seconds = Integer.getInteger("seconds", 30);
    final int warmup = Integer.getInteger("warmup", 10);
    final int referenceSeconds = Integer.getInteger("referenceSeconds", 15);
    /** How often each agent reports the counters of all its tunnels: offered rate = gateways x tunnels x 1000 / this. */
    final int counterIntervalMs = Integer.getInteger("counterIntervalMs", 1000);
    /** setup=sql inserts gateways and tunnels (and enrollment tokens) directly: for machines where 11,000 REST writes take too long. */
    final boolean sqlSetup = !"rest".equals(System.getProperty("setup", "sql"));

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    final List<String> report = new ArrayList<>();
    String base;
    /** For the pg_stat_activity sampler of each window. */
    Connection sampling;
    int postgresPort;

    public static void main(String[] args) throws Exception {
        new ScaleBench().run();
        System.exit(0);
    }

    void run() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(ApiServerApplication.class).run(
                     "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                     "--spring.datasource.username=postgres",
                     "--spring.datasource.hikari.maximum-pool-size=30",
                     "--server.port=0", "--vpnaas.agent.port=0",
                     "--vpnaas.secrets.master-key=" + MASTER_KEY, "--vpnaas.bootstrap.admin-key=" + BOOTSTRAP_KEY,
                     "--logging.level.root=WARN");
             Connection db = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
             Connection sampler = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"))) {
            sampling = sampler;
            postgresPort = pg.getPort();
            base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            phase("server start", t0, 1, "");

            // REST: tenants, each with one policy and `tunnels` peers shared by its gateways.
            long t = System.nanoTime();
            List<String> tenantIds = parallel(tenants, 8, i -> id(send(null, "POST", "/v1/tenants", "{\"name\":\"bench-" + i + "\"}")));
            List<String> peerIds = parallel(tenants * tunnels, 16, i -> id(send(tenantIds.get(i / tunnels), "POST", "/v1/peers",
                    "{\"name\":\"peer-" + i % tunnels + "\",\"address\":\"198.51.100." + (i % tunnels + 1) + "\",\"ikeIdentity\":\"peer"
                            + i % tunnels + ".example\",\"auth\":{\"type\":\"psk\",\"psk\":\"correct horse battery staple\"}}")));
            phase("REST: tenants, peers", t, tenants * (1 + tunnels), "requests");
            List<String> gatewayIds, policyIds, tunnelIds;
            t = System.nanoTime();
            if (sqlSetup) {
                gatewayIds = new ArrayList<>();
                policyIds = new ArrayList<>();
                tunnelIds = new ArrayList<>();
                insertGatewaysAndTunnels(db, tenantIds, peerIds, gatewayIds, policyIds, tunnelIds);
                phase("SQL: insert gateways, policies, tunnels (setup=sql)", t, gateways * (2 + tunnels), "rows");
            } else {
                gatewayIds = parallel(gateways, 32, g -> id(send(tenantIds.get(g % tenants), "POST", "/v1/gateways",
                        "{\"name\":\"gw-" + g + "\",\"publicAddresses\":[\"192.0.2." + (g % 250 + 1) + "\"]}")));
                policyIds = parallel(gateways, 32, g -> id(send(tenantIds.get(g % tenants), "POST", "/v1/crypto-policies",
                        "{\"name\":\"p-" + g + "\",\"ikeProposals\":[\"aes256gcm16-prfsha384-x25519\"],\"espProposals\":[\"aes256gcm16\"],"
                                + "\"childLifetimeSeconds\":3600}")));
                phase("REST: create gateways and their policies", t, 2 * gateways, "requests");
                t = System.nanoTime();
                tunnelIds = parallel(gateways * tunnels, 32, i -> {
                    int g = i / tunnels, k = i % tunnels, tenant = g % tenants;
                    return id(send(tenantIds.get(tenant), "POST", "/v1/tunnels", "{\"name\":\"t-" + g + "-" + k + "\",\"gatewayId\":\""
                            + gatewayIds.get(g) + "\",\"peerId\":\"" + peerIds.get(tenant * tunnels + k) + "\",\"policyId\":\""
                            + policyIds.get(g) + "\",\"localTrafficSelectors\":[\"" + localSelector(k) + "\"],\"remoteTrafficSelectors\":[\""
                            + remoteSelector(g, k) + "\"]}"));
                });
                phase("REST: create tunnels", t, gateways * tunnels, "requests");
            }

            // Enrollment: a one-time token through REST, then Enroll with a fresh key pair and CSR.
            AgentEndpoint endpoint = app.getBean(AgentEndpoint.class);
            X509Certificate caCert = app.getBean(AgentCertificateAuthority.class).caCertificate();
            JdbcEnrollmentTokens tokens = app.getBean(JdbcEnrollmentTokens.class);
            EventLoopGroup loop = new NioEventLoopGroup(2);
            t = System.nanoTime();
            ManagedChannel anonymous = channel(loop, endpoint.port(), TlsChannelCredentials.newBuilder()
                    .trustManager(TlsKeyMaterial.trustManagers(caCert)).build());
            List<ChannelCredentials> credentials = parallel(gateways, 16, g -> {
                String token = sqlSetup
                        ? tokens.create(UUID.fromString(gatewayIds.get(g)), UUID.randomUUID(), Duration.ofMinutes(10)).token()
                        : match(TOKEN, send(tenantIds.get(g % tenants), "POST", "/v1/gateways/" + gatewayIds.get(g) + "/enrollment-tokens",
                                "{\"ttlSeconds\":600}"));
                KeyPair keys = AgentCertificateAuthority.newP256KeyPair();
                byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bench-" + g), keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
                var enrolled = AgentServiceGrpc.newBlockingStub(anonymous).enroll(EnrollRequest.newBuilder()
                        .setEnrollmentToken(token).setCsrDer(ByteString.copyFrom(csr)).build());
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(enrolled.getCertificateDer().toByteArray()));
                return TlsChannelCredentials.newBuilder().keyManager(TlsKeyMaterial.keyManagers(keys.getPrivate(), cert))
                        .trustManager(TlsKeyMaterial.trustManagers(caCert)).build();
            });
            anonymous.shutdown();
            phase("enroll agents (token + CSR + certificate)", t, gateways, "agents");

            // Streams: connect all, wait until each has ACKed its first snapshot.
            List<Long> fromRequest = Collections.synchronizedList(new ArrayList<>());
            List<Long> fromResponse = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch firstAcks = new CountDownLatch(gateways);
            AtomicInteger reconnects = new AtomicInteger();
            List<SimulatedAgent> agents = new ArrayList<>();
            for (int g = 0; g < gateways; g++) {
                agents.add(new SimulatedAgent(g, UUID.fromString(gatewayIds.get(g)), tunnelIds.subList(g * tunnels, (g + 1) * tunnels),
                        channel(loop, endpoint.port(), credentials.get(g)), (req, resp) -> { fromRequest.add(req); fromResponse.add(resp); },
                        firstAcks, reconnects));
            }
            t = System.nanoTime();
            for (int g = 0; g < gateways; g++) {
                agents.get(g).connect();
                if (g % 50 == 49) Thread.sleep(100); // waves of TLS handshakes rather than one storm
            }
            if (!firstAcks.await(120, TimeUnit.SECONDS)) throw new IllegalStateException(firstAcks.getCount() + " agents got no snapshot");
            phase("connect streams, first snapshot ACKed (" + reconnects + " reconnects)", t, gateways, "agents");

            t = System.nanoTime();
            agents.forEach(SimulatedAgent::reportSasUp);
            waitFor(db, "select count(*) from tunnel_sa", (long) gateways * tunnels, 180);
            phase("SA up events stored (CHILD_UP per tunnel)", t, gateways * tunnels, "tunnels");

            // Reference: the same PATCHes with no telemetry flowing.
            ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
            AtomicLong sequence = new AtomicLong();
            Patches quiet = patches(timer, sequence, referenceSeconds, tenantIds, policyIds, agents, fromRequest, fromResponse);

            // Counters: every agent once a second, spread over the second.
            for (int g = 0; g < gateways; g++) {
                timer.scheduleAtFixedRate(agents.get(g)::sendCounters, g * (long) counterIntervalMs / gateways, counterIntervalMs,
                        TimeUnit.MILLISECONDS);
            }
            Thread.sleep(warmup * 1000L);
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            long updatesBefore = nTupUpd(db), sentBefore = SimulatedAgent.countersSent();
            Telemetry before = Telemetry.read(meters);
            long windowStart = System.nanoTime();
            Patches loaded = patches(timer, sequence, seconds, tenantIds, policyIds, agents, fromRequest, fromResponse);
            long updatesAfter = nTupUpd(db), sentAfter = SimulatedAgent.countersSent();
            Telemetry during = Telemetry.read(meters).minus(before);
            double window = (System.nanoTime() - windowStart) / 1e9;
            timer.shutdownNow();

            Timer serverPush = meters.find("vpnaas.agent.push.latency").tag("trigger", "change").timer();
            System.out.println("stream reconnects over the whole run: " + reconnects);
            print(quiet, loaded, window, (updatesAfter - updatesBefore) / window, (sentAfter - sentBefore) / window, during, serverPush);
            agents.forEach(SimulatedAgent::close);
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** What one window of PATCHes gave: latencies sorted, how many failed or were never ACKed, and where the CPU went. */
    record Patches(int seconds, long sent, int errors, int unanswered, long[] fromRequest, long[] fromResponse, String cpu,
                   List<String> waits) {}

    /** PATCHes at patchRate for {@code seconds}, then up to 10 s for the last ACKs. */
    Patches patches(ScheduledExecutorService timer, AtomicLong sequence, int seconds, List<String> tenantIds, List<String> policyIds,
                    List<SimulatedAgent> agents, List<Long> fromRequest, List<Long> fromResponse) throws Exception {
        fromRequest.clear();
        fromResponse.clear();
        AtomicLong sent = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        MachineLoad.Cpu cpuBefore = MachineLoad.cpu(postgresPort);
        long start = System.nanoTime();
        try (ExecutorService patchers = Executors.newVirtualThreadPerTaskExecutor();
             var waits = new MachineLoad.WaitSampler(sampling)) {
            var patching = timer.scheduleAtFixedRate(() -> {
                long n = sequence.getAndIncrement();
                sent.incrementAndGet();
                int g = (int) (n % gateways);
                patchers.submit(() -> patch(tenantIds.get(g % tenants), policyIds.get(g), agents.get(g), n, errors));
            }, 0, 1_000_000_000L / patchRate, TimeUnit.NANOSECONDS);
            Thread.sleep(seconds * 1000L);
            patching.cancel(false);
            String cpu = MachineLoad.cpu(postgresPort).minus(cpuBefore).perSecond((System.nanoTime() - start) / 1e9);
            List<String> topWaits = waits.top(8);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (agents.stream().mapToInt(SimulatedAgent::pendingChanges).sum() > 0 && System.nanoTime() < deadline) Thread.sleep(100);
            int unanswered = agents.stream().mapToInt(SimulatedAgent::pendingChanges).sum();
            agents.forEach(SimulatedAgent::forgetPending);
            patchers.shutdownNow();
            return new Patches(seconds, sent.get(), errors.get(), unanswered, sorted(fromRequest), sorted(fromResponse), cpu, topWaits);
        }
    }

    static String localSelector(int k) {
        return "192.168." + k + ".0/24";
    }

    static String remoteSelector(int g, int k) {
        return "10." + k + "." + g / 4 + "." + g % 4 * 64 + "/26";
    }

    /** The rows REST would create (a policy per gateway, the tenants' peers), in three JDBC batches. */
    void insertGatewaysAndTunnels(Connection db, List<String> tenantIds, List<String> peerIds,
                                  List<String> gatewayIds, List<String> policyIds, List<String> tunnelIds) throws Exception {
        try (PreparedStatement gw = db.prepareStatement("insert into gateway (id, tenant_id, name, public_addresses, config_revision, version, "
                + "created_at, updated_at) values (?::uuid, ?::uuid, ?, ?::jsonb, 1, 1, now(), now())");
             PreparedStatement po = db.prepareStatement("insert into crypto_policy (id, tenant_id, name, ike_proposals, esp_proposals, "
                     + "ike_lifetime_seconds, child_lifetime_seconds, rekey_margin_seconds, rekey_fuzz_percent, dpd_interval_seconds, "
                     + "dpd_timeout_seconds, dpd_action, replay_window, esn, start_action, encapsulation, version, created_at, updated_at) "
                     + "values (?::uuid, ?::uuid, ?, '[\"aes256gcm16-prfsha384-x25519\"]'::jsonb, '[\"aes256gcm16\"]'::jsonb, 28800, 3600, 540, 10, "
                     + "30, 150, 'restart', 1024, false, 'initiate', 'auto', 1, now(), now())");
             PreparedStatement tu = db.prepareStatement("insert into tunnel (id, tenant_id, name, gateway_id, peer_id, policy_id, "
                     + "local_traffic_selectors, remote_traffic_selectors, version, created_at, updated_at) values (?::uuid, ?::uuid, ?, ?::uuid, "
                     + "?::uuid, ?::uuid, ?::jsonb, ?::jsonb, 1, now(), now())")) {
            for (int g = 0; g < gateways; g++) {
                int tenant = g % tenants;
                String id = UUID.randomUUID().toString();
                gatewayIds.add(id);
                gw.setString(1, id);
                gw.setString(2, tenantIds.get(tenant));
                gw.setString(3, "gw-" + g);
                gw.setString(4, "[\"192.0.2." + (g % 250 + 1) + "\"]");
                gw.addBatch();
                String policy = UUID.randomUUID().toString();
                policyIds.add(policy);
                po.setString(1, policy);
                po.setString(2, tenantIds.get(tenant));
                po.setString(3, "p-" + g);
                po.addBatch();
                for (int k = 0; k < tunnels; k++) {
                    String tunnel = UUID.randomUUID().toString();
                    tunnelIds.add(tunnel);
                    tu.setString(1, tunnel);
                    tu.setString(2, tenantIds.get(tenant));
                    tu.setString(3, "t-" + g + "-" + k);
                    tu.setString(4, id);
                    tu.setString(5, peerIds.get(tenant * tunnels + k));
                    tu.setString(6, policy);
                    tu.setString(7, "[\"" + localSelector(k) + "\"]");
                    tu.setString(8, "[\"" + remoteSelector(g, k) + "\"]");
                    tu.addBatch();
                }
            }
            gw.executeBatch();
            po.executeBatch();
            tu.executeBatch();
        }
    }

    /** One gateway's own policy gets a new child SA lifetime: exactly that gateway's agent must get a snapshot. */
    void patch(String tenant, String policy, SimulatedAgent agent, long n, AtomicInteger errors) {
        int lifetime = 2000 + (int) (n % 1500);
        long[] response = new long[1];
        var expected = new SimulatedAgent.Expected(lifetime, System.nanoTime(), response);
        agent.expect(expected);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/crypto-policies/" + policy))
                    .header("Authorization", "Bearer " + BOOTSTRAP_KEY).header("Vpnaas-Tenant-Id", tenant)
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"childLifetimeSeconds\":" + lifetime + "}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            synchronized (response) {
                response[0] = System.nanoTime();
            }
            if (r.statusCode() != 200) {
                agent.forget(expected);
                if (errors.incrementAndGet() <= 5) System.err.println("PATCH " + r.statusCode() + ": " + r.body());
            }
        } catch (Exception e) {
            agent.forget(expected);
            errors.incrementAndGet();
        }
    }

    void print(Patches quiet, Patches loaded, double window, double rowsPerSecond, double sentPerSecond, Telemetry t, Timer server) {
        System.out.println();
        System.out.printf("bench-scale: %d gateways x %d tunnels = %d tunnels, %d agents streaming%n", gateways, tunnels, gateways * tunnels, gateways);
        System.out.println("setup phases:");
        report.forEach(System.out::println);
        for (Patches p : List.of(quiet, loaded)) {
            System.out.printf("%s: %d s, %d policy PATCHes (%d/s), %d errors, %d not ACKed within 10 s after%n",
                    p == quiet ? "reference window (no telemetry)" : "measured window (counters every " + counterIntervalMs + " ms for all tunnels)",
                    p.seconds(), p.sent(), patchRate, p.errors(), p.unanswered());
            System.out.println("  " + p.cpu());
            System.out.println("  PostgreSQL active backends by wait (CPU = running), average over the window:");
            p.waits().forEach(System.out::println);
        }
        System.out.printf("%-56s %11s %11s %9s %4s%n", "figure", "measured", "reference", "target", "ok");
        latencyRow("push p50, REST request start -> agent ACK (ms)", loaded.fromRequest(), quiet.fromRequest(), 0.50, false);
        latencyRow("push p99, REST request start -> agent ACK (ms)", loaded.fromRequest(), quiet.fromRequest(), 0.99, true);
        latencyRow("push p50, REST response -> agent ACK (ms)", loaded.fromResponse(), quiet.fromResponse(), 0.50, false);
        latencyRow("push p99, REST response -> agent ACK (ms)", loaded.fromResponse(), quiet.fromResponse(), 0.99, true);
        row("server timer NOTIFY -> ACK, mean over the run (ms)", server == null ? "-" : String.format("%.1f", server.mean(TimeUnit.MILLISECONDS)), "", "", "");
        row("telemetry counter reports sent/s (agents)", String.format("%.0f", sentPerSecond), "", "", "");
        row("telemetry counter reports received/s (server)", String.format("%.0f", t.received() / window), "", "", "");
        row("telemetry SA rows written/s (server, rows updated)", String.format("%.0f", t.written() / window), "", ">= 10000",
                t.written() / window >= 10_000 ? "yes" : "NO");
        row("telemetry SA rows updated/s (pg_stat_user_tables)", String.format("%.0f", rowsPerSecond), "", "", "");
        row("  reports superseded before written (newer of same SA)", String.valueOf(t.superseded()), "", "", "");
        row("  reports dropped (buffer full or write failed)", String.valueOf(t.dropped()), "", "", "");
    }

    static void latencyRow(String figure, long[] measured, long[] reference, double p, boolean target) {
        row(figure, ms(pct(measured, p)), ms(pct(reference, p)), target ? "< 1000" : "", target ? (pct(measured, p) < 1e9 ? "yes" : "NO") : "");
    }

    static void row(String figure, String measured, String reference, String target, String ok) {
        System.out.printf("%-56s %11s %11s %9s %4s%n", figure, measured, reference, target, ok);
    }

    void phase(String what, long startNanos, int items, String unit) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        report.add(unit.isEmpty() ? String.format("  %-45s %7.1f s", what, s)
                : String.format("  %-45s %7.1f s  %8.0f %s/s", what, s, items / s, unit));
        System.out.println(report.getLast().strip());
    }

    static long[] sorted(List<Long> values) {
        long[] a;
        synchronized (values) {
            a = values.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(a);
        return a;
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static String ms(double nanos) {
        return Double.isNaN(nanos) ? "-" : String.format("%.1f", nanos / 1e6);
    }

    static long nTupUpd(Connection db) throws Exception {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("select n_tup_upd from pg_stat_user_tables where relname = 'tunnel_sa'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The server's telemetry counters (see AgentMetrics): received = written + superseded + dropped + unknown SAs. */
    record Telemetry(long received, long written, long superseded, long dropped) {
        static Telemetry read(MeterRegistry meters) {
            return new Telemetry(count(meters, "vpnaas.agent.telemetry.counters.received"), count(meters, "vpnaas.agent.telemetry.updates"),
                    count(meters, "vpnaas.agent.telemetry.counters.superseded"),
                    (long) meters.find("vpnaas.agent.telemetry.dropped").counters().stream().mapToDouble(c -> c.count()).sum());
        }

        Telemetry minus(Telemetry o) {
            return new Telemetry(received - o.received, written - o.written, superseded - o.superseded, dropped - o.dropped);
        }

        private static long count(MeterRegistry meters, String name) {
            var c = meters.find(name).counter();
            return c == null ? 0 : (long) c.count();
        }
    }

    static void waitFor(Connection db, String countQuery, long expected, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(countQuery)) {
                r.next();
                if (r.getLong(1) >= expected) return;
                if (System.nanoTime() > deadline) throw new IllegalStateException(countQuery + " = " + r.getLong(1) + ", expected " + expected);
            }
            Thread.sleep(200);
        }
    }

    static ManagedChannel channel(EventLoopGroup loop, int port, ChannelCredentials credentials) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port, credentials).overrideAuthority("localhost")
                .eventLoopGroup(loop).channelType(NioSocketChannel.class).directExecutor().build();
    }

    interface Task<T> {
        T call(int i) throws Exception;
    }

    /** Runs task(0..n-1) on virtual threads, at most {@code concurrency} at once; results in order. */
    static <T> List<T> parallel(int n, int concurrency, Task<T> task) throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        List<java.util.concurrent.Future<T>> futures = new ArrayList<>(n);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        return task.call(index);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<T> results = new ArrayList<>(n);
        for (var f : futures) results.add(f.get());
        return results;
    }

    String send(String tenant, String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + BOOTSTRAP_KEY).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) request.header("Vpnaas-Tenant-Id", tenant);
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    static String id(String body) {
        return match(ID, body);
    }

    static String match(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) throw new IllegalStateException("no " + p + " in " + body);
        return m.group(1);
    }
}
