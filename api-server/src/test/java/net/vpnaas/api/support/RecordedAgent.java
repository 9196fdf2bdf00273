package net.vpnaas.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.agent.control.Backoff;
import net.vpnaas.agent.control.ControlPlaneClient;
import net.vpnaas.agent.control.SnapshotApplier;
import net.vpnaas.agent.enroll.AgentCredentials;
import net.vpnaas.agent.enroll.Enroller;
import net.vpnaas.agent.enroll.RenewableKeyManager;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.TelemetryBatch;

/**
 * A gateway's agent without a data plane: it enrolls and streams with the agent's own code
 * ({@link Enroller}, {@link ControlPlaneClient}) over the control plane's real gRPC endpoint (an
 * enrollment token from the REST API, its own certificate, mutual TLS), accepts every snapshot, and
 * reports the telemetry a test recorded, as a running agent would have.
 */
public final class RecordedAgent implements AutoCloseable {
    private final ManagedChannel channel;
    private final ControlPlaneClient client;

    private RecordedAgent(ManagedChannel channel, ControlPlaneClient client) {
        this.channel = channel;
        this.client = client;
    }

    /**
     * Enrolls for {@code gatewayId} with a token {@code admin} creates, connects to the agent endpoint on
     * localhost:{@code agentPort} and returns once the first snapshot is applied (the stream is up).
     */
    public static RecordedAgent enroll(ApiClient admin, String gatewayId, int agentPort) throws GeneralSecurityException, InterruptedException {
        HttpResult token = admin.post("/v1/gateways/" + gatewayId + "/enrollment-tokens", Map.of("ttlSeconds", 600));
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        byte[] ca = token.json().get("caCertificatePem").asText().getBytes(StandardCharsets.US_ASCII);
        ManagedChannel anonymous = channel(agentPort, trusting(ca, TlsChannelCredentials.newBuilder()));
        AgentCredentials credentials;
        try {
            credentials = Enroller.enroll(anonymous, token.json().get("token").asText(), "recorded-agent");
        } finally {
            anonymous.shutdownNow();
        }
        assertThat(credentials.gatewayId()).hasToString(gatewayId);
        ManagedChannel channel = channel(agentPort,
                trusting(ca, TlsChannelCredentials.newBuilder().keyManager(new RenewableKeyManager(credentials))));
        FirstSnapshotAccepted applier = new FirstSnapshotAccepted();
        ControlPlaneClient client = new ControlPlaneClient(channel, "recorded-agent", applier,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
        client.start();
        if (!applier.first.await(10, TimeUnit.SECONDS)) {
            client.close();
            channel.shutdownNow();
            throw new AssertionError("no snapshot from the control plane within 10 s");
        }
        return new RecordedAgent(channel, client);
    }

    /** Sends {@code batch} on the stream, as the agent's telemetry reporter does. */
    public void report(TelemetryBatch batch) {
        assertThat(client.sendTelemetry(batch)).as("the stream is up").isTrue();
    }

    @Override
    public void close() {
        client.close();
        channel.shutdownNow();
    }

    private static ChannelCredentials trusting(byte[] caPem, TlsChannelCredentials.Builder builder) {
        try {
            return builder.trustManager(new ByteArrayInputStream(caPem)).build();
        } catch (IOException e) {
            throw new IllegalStateException("the enrollment token's CA certificate is unreadable", e);
        }
    }

    private static ManagedChannel channel(int port, ChannelCredentials credentials) {
        return Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
    }

    /** Applies every snapshot (there is no data plane to refuse one) and counts the first. */
    private static final class FirstSnapshotAccepted implements SnapshotApplier {
        private final CountDownLatch first = new CountDownLatch(1);
        private final AtomicLong applied = new AtomicLong();

        @Override
        public Result apply(GatewaySnapshot snapshot) {
            applied.set(snapshot.getVersion());
            first.countDown();
            return new Applied();
        }

        @Override
        public long appliedVersion() {
            return applied.get();
        }
    }
}
