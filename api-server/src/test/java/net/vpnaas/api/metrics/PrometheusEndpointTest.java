package net.vpnaas.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.api.agent.AgentEndpoint;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.agent.ca.TlsKeyMaterial;
import net.vpnaas.api.remoteaccess.RemoteAccessSessionStore;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.Ack;
import net.vpnaas.model.agent.v1.AgentMessage;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.DefenceLevel;
import net.vpnaas.model.agent.v1.DefenceReport;
import net.vpnaas.model.agent.v1.EnrollRequest;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Hello;
import net.vpnaas.model.agent.v1.Nack;
import net.vpnaas.model.agent.v1.RemoteAccessSession;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.ServerMessage;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Scrapes /actuator/prometheus before and after a raw gRPC agent enrolls, ACKs the first snapshot,
 * NACKs the next, ACKs the third and sends telemetry, and checks that our series moved by what the
 * agent did. Deltas, not absolute values: other test classes share this application.
 */
class PrometheusEndpointTest extends ApiTestBase {
    // Label values may hold braces (uri="/v1/tunnels/{id}"): the label set runs to the last '}'.
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{.*})?) (\\S+)$", Pattern.MULTILINE);

    @Autowired AgentEndpoint endpoint;
    @Autowired AgentCertificateAuthority ca;
    @Autowired RemoteAccessSessionStore sessions;

    Map<String, Double> scrape() {
        HttpResult result = management().get("/actuator/prometheus");
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        Matcher m = SAMPLE.matcher(result.body());
        while (m.find()) samples.put(m.group(1), Double.parseDouble(m.group(2)));
        return samples;
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("series " + series + " exposed").containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    /**
     * Remote-access sessions as agents report them (through the store the telemetry stream writes to)
     * show in a gauge per endpoint within its 10 s period, and drop to 0 when the agent reports none.
     */
    @Test
    void remoteAccessSessionsAreCountedPerEndpoint() throws Exception {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        String endpoint = created(t.admin().post("/v1/remote-access-endpoints", body("name", unique("staff"), "gatewayId", r.gatewayId(),
                "policyId", r.policyId(), "addressPools", List.of("10.99.0.0/24"), "allowedNetworks", List.of("10.1.0.0/16"),
                "eapOnly", true, "radiusServers", List.of(body("address", "10.1.0.5", "secret", "radius-secret-number-one")))));
        String series = "vpnaas_remote_access_sessions{endpoint=\"" + endpoint + "\",gateway=\"" + r.gatewayId() + "\"}";
        eventually(() -> scrape().containsKey(series), "the new endpoint has a series");
        assertThat(scrape().get(series)).as("no session yet").isZero();

        UUID gateway = UUID.fromString(r.gatewayId());
        sessions.replace(gateway, "agent-a", List.of(session(endpoint, "01", "10.99.0.1"), session(endpoint, "02", "10.99.0.2")));
        sessions.replace(gateway, "agent-b", List.of(session(endpoint, "03", "10.99.0.3")));
        eventually(() -> scrape().getOrDefault(series, -1.0) == 3.0, "3 sessions of two agents counted");

        sessions.replace(gateway, "agent-a", List.of());
        eventually(() -> scrape().getOrDefault(series, -1.0) == 1.0, "agent-a's sessions gone");
    }

    private static RemoteAccessSession session(String endpoint, String id, String virtualIp) {
        return RemoteAccessSession.newBuilder().setEndpointId(endpoint).setSessionId(id.repeat(16)).setIdentity("user-" + id)
                .setVirtualIp(virtualIp).setOuterAddress("198.51.100.7:4500").setSinceEpochMillis(System.currentTimeMillis()).build();
    }

    @Test
    void agentActivityMovesTheAgentSeriesAndRestCallsAreTimed() throws Exception {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        String token = t.admin().post("/v1/gateways/" + r.gatewayId() + "/enrollment-tokens", body("ttlSeconds", 600))
                .json().get("token").asText();
        Map<String, Double> before = scrape();

        ManagedChannel channel = enrolledChannel(token);
        BlockingQueue<GatewaySnapshot> snapshots = new LinkedBlockingQueue<>();
        try {
            StreamObserver<AgentMessage> send = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
                public void onNext(ServerMessage m) { if (m.hasSnapshot()) snapshots.add(m.getSnapshot()); }
                public void onError(Throwable e) {}
                public void onCompleted() {}
            });
            send.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentName("metrics-agent")).build());
            GatewaySnapshot first = next(snapshots);
            send.onNext(AgentMessage.newBuilder().setAck(Ack.newBuilder().setVersion(first.getVersion())).build());

            assertThat(t.admin().patch("/v1/crypto-policies/" + r.policyId(), body("childLifetimeSeconds", 1800)).status()).isEqualTo(200);
            GatewaySnapshot refused = next(snapshots);
            send.onNext(AgentMessage.newBuilder().setNack(Nack.newBuilder().setVersion(refused.getVersion()).setError("test refusal")).build());

            assertThat(t.admin().patch("/v1/crypto-policies/" + r.policyId(), body("childLifetimeSeconds", 2400)).status()).isEqualTo(200);
            GatewaySnapshot second = next(snapshots);
            send.onNext(AgentMessage.newBuilder().setAck(Ack.newBuilder().setVersion(second.getVersion())).build());

            send.onNext(AgentMessage.newBuilder().setTelemetry(TelemetryBatch.newBuilder()
                    .addEvents(SaEvent.newBuilder().setTunnelId(r.tunnelId()).setKind(SaEventKind.CHILD_UP)
                            .setChildSpiIn(0xc0000042).setChildSpiOut(0x42).setAtEpochMillis(System.currentTimeMillis()))
                    .addCounters(TunnelCounters.newBuilder().setTunnelId(r.tunnelId()).setChildSpiIn(0xc0000042).setBytesIn(99)))
                    .build());

            eventually(() -> scrape().getOrDefault("vpnaas_agent_telemetry_batches_total", 0.0)
                    > before.getOrDefault("vpnaas_agent_telemetry_batches_total", 0.0), "telemetry batch counted");
            Map<String, Double> after = scrape();
            assertThat(delta(before, after, "vpnaas_agents_connected")).isEqualTo(1.0);
            assertThat(delta(before, after, "vpnaas_agent_snapshots_pushed_total")).isGreaterThanOrEqualTo(3.0);
            assertThat(delta(before, after, "vpnaas_agent_acks_total")).isGreaterThanOrEqualTo(2.0);
            assertThat(delta(before, after, "vpnaas_agent_nacks_total")).isGreaterThanOrEqualTo(1.0);
            // The refused push has no latency; the acknowledged change and the connect push do.
            assertThat(delta(before, after, "vpnaas_agent_push_latency_seconds_count{trigger=\"change\"}")).isGreaterThanOrEqualTo(1.0);
            assertThat(delta(before, after, "vpnaas_agent_push_latency_seconds_count{trigger=\"connect\"}")).isGreaterThanOrEqualTo(1.0);
            assertThat(delta(before, after, "vpnaas_agent_push_latency_seconds_sum{trigger=\"change\"}")).isPositive();
            assertThat(delta(before, after, "vpnaas_agent_telemetry_updates_total")).isGreaterThanOrEqualTo(1.0);
            assertThat(delta(before, after, "vpnaas_agent_push_latency_seconds_bucket{trigger=\"change\",le=\"+Inf\"}"))
                    .as("histogram buckets for quantiles in Prometheus").isGreaterThanOrEqualTo(1.0);
            // Spring Boot's own HTTP server timer, by route template.
            assertThat(after.keySet()).anyMatch(k -> k.startsWith("http_server_requests_seconds_count{")
                    && k.contains("method=\"PATCH\"") && k.contains("uri=\"/v1/crypto-policies/{id}\"") && k.contains("status=\"200\""));

            // The agent's IKE responder under a flood: the gateway's status shows it at once, the gauges within 10 s.
            send.onNext(AgentMessage.newBuilder().setTelemetry(TelemetryBatch.newBuilder().setDefence(DefenceReport.newBuilder()
                    .setLevel(DefenceLevel.DEFENCE_PUZZLES).setPuzzleDifficulty(12).setHalfOpen(300).setCookiesSent(9000).setPuzzlesSent(4000)
                    .putDrops("HALF_OPEN_LIMIT", 5000).putDrops("PUZZLE_UNSOLVED", 7).setAtEpochMillis(System.currentTimeMillis()))).build());
            eventually(() -> t.admin().get("/v1/gateways/" + r.gatewayId() + "/status").json().get("agents").get(0).hasNonNull("defence"),
                    "defence state in the gateway's status");
            var defence = t.admin().get("/v1/gateways/" + r.gatewayId() + "/status").json().get("agents").get(0).get("defence");
            assertThat(defence.get("level").asText()).isEqualTo("PUZZLES");
            assertThat(defence.get("puzzleDifficulty").asInt()).isEqualTo(12);
            assertThat(defence.get("halfOpen").asInt()).isEqualTo(300);
            assertThat(defence.get("drops").get("HALF_OPEN_LIMIT").asLong()).isEqualTo(5000);
            eventually(() -> scrape().getOrDefault("vpnaas_gateway_defence_agents{level=\"PUZZLES\"}", 0.0)
                    > before.getOrDefault("vpnaas_gateway_defence_agents{level=\"PUZZLES\"}", 0.0), "agent under puzzles counted");
            Map<String, Double> defended = scrape();
            assertThat(delta(before, defended, "vpnaas_gateway_defence_drops{reason=\"HALF_OPEN_LIMIT\"}")).isGreaterThanOrEqualTo(5000.0);
            assertThat(delta(before, defended, "vpnaas_gateway_defence_half_open")).isGreaterThanOrEqualTo(300.0);
            assertThat(defended.get("vpnaas_gateway_defence_puzzle_difficulty_max")).isGreaterThanOrEqualTo(12.0);

            // The tunnel is ESTABLISHED now; the status gauges catch up within their 10 s period.
            eventually(() -> scrape().getOrDefault("vpnaas_tunnels{status=\"ESTABLISHED\"}", 0.0) >= 1.0, "ESTABLISHED tunnel counted");
            assertThat(scrape()).containsKey("vpnaas_tunnels{status=\"DOWN\"}");

            send.onCompleted();
            eventually(() -> scrape().get("vpnaas_agents_connected").equals(before.getOrDefault("vpnaas_agents_connected", 0.0)),
                    "disconnected agent no longer counted");
        } finally {
            channel.shutdownNow();
        }
    }

    static GatewaySnapshot next(BlockingQueue<GatewaySnapshot> snapshots) throws InterruptedException {
        GatewaySnapshot s = snapshots.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("a snapshot pushed within 10 s").isNotNull();
        return s;
    }

    static void eventually(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    ManagedChannel enrolledChannel(String token) throws Exception {
        KeyPair keys = AgentCertificateAuthority.newP256KeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=agent"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        ManagedChannel anonymous = Grpc.newChannelBuilderForAddress("localhost", endpoint.port(), TlsChannelCredentials.newBuilder()
                .trustManager(TlsKeyMaterial.trustManagers(ca.caCertificate())).build()).build();
        X509Certificate cert;
        try {
            var response = AgentServiceGrpc.newBlockingStub(anonymous).enroll(
                    EnrollRequest.newBuilder().setEnrollmentToken(token).setCsrDer(ByteString.copyFrom(csr)).build());
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(response.getCertificateDer().toByteArray()));
        } finally {
            anonymous.shutdownNow();
        }
        return Grpc.newChannelBuilderForAddress("localhost", endpoint.port(), TlsChannelCredentials.newBuilder()
                .keyManager(TlsKeyMaterial.keyManagers(keys.getPrivate(), cert))
                .trustManager(TlsKeyMaterial.trustManagers(ca.caCertificate())).build()).build();
    }
}
