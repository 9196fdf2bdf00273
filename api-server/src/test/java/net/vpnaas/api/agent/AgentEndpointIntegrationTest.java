package net.vpnaas.api.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.agent.ca.TlsKeyMaterial;
import net.vpnaas.api.gateway.GatewayRevisions;
import net.vpnaas.model.agent.v1.Ack;
import net.vpnaas.model.agent.v1.AgentMessage;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.EnrollRequest;
import net.vpnaas.model.agent.v1.Hello;
import net.vpnaas.model.agent.v1.Nack;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The agent endpoint as it runs: real TLS on a real port, real PostgreSQL, NOTIFY on commit. A raw
 * gRPC stub plays the agent (the agent's own client is tested in gateway-agent).
 */
@SpringBootTest(properties = "vpnaas.secrets.throwaway=true") // a temporary database: any key will do
class AgentEndpointIntegrationTest {
    @Autowired AgentEndpoint endpoint;
    @Autowired AgentCertificateAuthority ca;
    @Autowired JdbcEnrollmentTokens tokens;
    @Autowired GatewayRevisions revisions;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcTemplate jdbc;

    final UUID tenant = UUID.randomUUID();

    UUID gatewayWithTunnel(UUID tunnelId) {
        UUID gateway = UUID.randomUUID(), peer = UUID.randomUUID(), policy = UUID.randomUUID();
        jdbc.update("insert into tenant (id, name, kind, version, created_at, updated_at) values (?, ?, 'customer', 1, now(), now()) on conflict do nothing",
                tenant, "t-" + tenant);
        jdbc.update("insert into gateway (id, tenant_id, name, public_addresses, config_revision, version, created_at, updated_at) "
                + "values (?, ?, ?, '[\"192.0.2.1\"]'::jsonb, 5, 1, now(), now())", gateway, tenant, "gw-" + gateway);
        jdbc.update("insert into peer (id, tenant_id, name, address, ike_identity, auth_method, ca_bundle_pem, expected_identity, version, created_at, updated_at) "
                + "values (?, ?, ?, '198.51.100.2', 'fqdn:r.example', 'certificate', 'pem', 'fqdn:r.example', 1, now(), now())", peer, tenant, "p-" + peer);
        jdbc.update("insert into crypto_policy (id, tenant_id, name, ike_proposals, esp_proposals, ike_lifetime_seconds, child_lifetime_seconds, "
                + "rekey_margin_seconds, rekey_fuzz_percent, dpd_interval_seconds, dpd_timeout_seconds, dpd_action, replay_window, esn, "
                + "start_action, encapsulation, version, created_at, updated_at) values (?, ?, ?, '[\"aes256gcm16-prfsha384-x25519\"]'::jsonb, "
                + "'[\"aes256gcm16\"]'::jsonb, 28800, 3600, 540, 10, 30, 150, 'restart', 1024, false, 'initiate', 'auto', 1, now(), now())",
                policy, tenant, "c-" + policy);
        jdbc.update("insert into tunnel (id, tenant_id, name, gateway_id, peer_id, policy_id, local_traffic_selectors, remote_traffic_selectors, "
                + "version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, '[\"10.0.0.0/24\"]'::jsonb, '[\"10.9.0.0/24\"]'::jsonb, 1, now(), now())",
                tunnelId, tenant, "t-" + tunnelId, gateway, peer, policy);
        return gateway;
    }

    ManagedChannel channel(TlsChannelCredentials.Builder creds) throws Exception {
        return Grpc.newChannelBuilderForAddress("localhost", endpoint.port(),
                creds.trustManager(TlsKeyMaterial.trustManagers(ca.caCertificate())).build()).build();
    }

    /** Enrolls with the token over server-only TLS and returns mTLS credentials for the new certificate. */
    TlsChannelCredentials.Builder enroll(String token) throws Exception {
        KeyPair keys = AgentCertificateAuthority.newP256KeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=agent"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        ManagedChannel anonymous = channel(TlsChannelCredentials.newBuilder());
        try {
            var response = AgentServiceGrpc.newBlockingStub(anonymous).enroll(
                    EnrollRequest.newBuilder().setEnrollmentToken(token).setCsrDer(ByteString.copyFrom(csr)).build());
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(response.getCertificateDer().toByteArray()));
            return TlsChannelCredentials.newBuilder().keyManager(TlsKeyMaterial.keyManagers(keys.getPrivate(), cert));
        } finally {
            anonymous.shutdownNow();
        }
    }

    static void eventually(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    Map<String, Object> agentRow(UUID gateway) {
        return jdbc.queryForMap("select * from gateway_agent where gateway_id = ?", gateway);
    }

    @Test
    void enrollPushAckNackAndTelemetry() throws Exception {
        UUID tunnel = UUID.randomUUID();
        UUID gateway = gatewayWithTunnel(tunnel);
        UUID otherTunnel = UUID.randomUUID();
        gatewayWithTunnel(otherTunnel);
        String token = tokens.create(gateway, UUID.randomUUID(), Duration.ofMinutes(10)).token();

        ManagedChannel channel = channel(enroll(token));
        assertThatThrownBy(() -> enroll(token)).isInstanceOf(StatusRuntimeException.class); // one-time
        BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
        try {
            StreamObserver<AgentMessage> send = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
                public void onNext(ServerMessage m) { if (m.hasSnapshot()) received.add(m); }
                public void onError(Throwable t) {}
                public void onCompleted() {}
            });
            send.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentName("agent-1")).build());
            var first = received.poll(10, TimeUnit.SECONDS);
            assertThat(first).as("initial snapshot").isNotNull();
            assertThat(first.getSnapshot().getVersion()).isEqualTo(5);
            assertThat(first.getSnapshot().getTunnelsList()).singleElement()
                    .satisfies(t -> assertThat(t.getId()).isEqualTo(tunnel.toString()));
            send.onNext(AgentMessage.newBuilder().setAck(Ack.newBuilder().setVersion(5)).build());
            eventually(() -> ((Number) agentRow(gateway).get("applied_version")).longValue() == 5, "ACK 5 stored");

            // A committed change reaches the stream through NOTIFY; a rolled-back one does not.
            tx.executeWithoutResult(s -> {
                revisions.bump(List.of(gateway));
                s.setRollbackOnly();
            });
            tx.executeWithoutResult(s -> revisions.bump(List.of(gateway)));
            var pushed = received.poll(10, TimeUnit.SECONDS);
            assertThat(pushed).as("pushed after commit").isNotNull();
            assertThat(pushed.getSnapshot().getVersion()).isEqualTo(6);
            send.onNext(AgentMessage.newBuilder().setNack(Nack.newBuilder().setVersion(6).setError("no such ESP transform")).build());
            eventually(() -> "no such ESP transform".equals(agentRow(gateway).get("last_error")), "NACK stored");
            assertThat(((Number) agentRow(gateway).get("applied_version")).longValue()).isEqualTo(5);

            long now = System.currentTimeMillis();
            send.onNext(AgentMessage.newBuilder().setTelemetry(TelemetryBatch.newBuilder()
                    .addEvents(SaEvent.newBuilder().setTunnelId(tunnel.toString()).setKind(SaEventKind.CHILD_UP)
                            .setChildSpiIn(0xc0000001).setChildSpiOut(0x11).setAtEpochMillis(now))
                    .addEvents(SaEvent.newBuilder().setTunnelId(otherTunnel.toString()).setKind(SaEventKind.DOWN))
                    .addCounters(TunnelCounters.newBuilder().setTunnelId(tunnel.toString()).setChildSpiIn(0xc0000001)
                            .setBytesIn(1234).setPacketsIn(3))).build());
            eventually(() -> "ESTABLISHED".equals(jdbc.queryForObject("select status from tunnel where id = ?", String.class, tunnel)),
                    "tunnel ESTABLISHED");
            eventually(() -> Long.valueOf(1234).equals(jdbc.queryForObject(
                    "select bytes_in from tunnel_sa where tunnel_id = ? and spi_in = ?", Long.class, tunnel, 0xc0000001L)), "counters");
            assertThat(jdbc.queryForObject("select status from tunnel where id = ?", String.class, otherTunnel))
                    .as("another gateway's tunnel is not this agent's to report").isEqualTo("UNKNOWN");
            send.onCompleted();
            eventually(() -> Boolean.FALSE.equals(agentRow(gateway).get("connected")), "disconnect stored");
        } finally {
            channel.shutdownNow();
        }
    }
}
