package net.vpnaas.api.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.agent.ca.InvalidCsrException;
import net.vpnaas.api.agent.ca.TlsKeyMaterial;
import net.vpnaas.model.agent.v1.AgentMessage;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.EnrollRequest;
import net.vpnaas.model.agent.v1.EnrollResponse;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Hello;
import net.vpnaas.model.agent.v1.ServerMessage;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real TLS over a real socket (Netty): the gateway an agent gets is the one in the certificate our
 * CA signed, whatever the agent claims.
 */
class AgentMutualTlsTest {
    final UUID gatewayA = UUID.randomUUID();
    final UUID gatewayB = UUID.randomUUID();
    final Map<UUID, GatewaySnapshot> snapshots = Map.of(
            gatewayA, GatewaySnapshot.newBuilder().setGatewayId(gatewayA.toString()).setVersion(11).build(),
            gatewayB, GatewaySnapshot.newBuilder().setGatewayId(gatewayB.toString()).setVersion(22).build());
    final Map<String, UUID> unusedTokens = new java.util.concurrent.ConcurrentHashMap<>();
    AgentCertificateAuthority ca;
    Server server;

    @BeforeEach
    void start() throws Exception {
        ca = AgentCertificateAuthority.create("vpnaas test agent CA", Clock.systemUTC());
        KeyPair serverKeys = AgentCertificateAuthority.newP256KeyPair();
        X509Certificate serverCert = ca.issueServerCertificate(serverKeys.getPublic(), List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        var credentials = TlsServerCredentials.newBuilder()
                .keyManager(TlsKeyMaterial.keyManagers(serverKeys.getPrivate(), serverCert, ca.caCertificate()))
                .trustManager(TlsKeyMaterial.trustManagers(ca.caCertificate()))
                .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL) // enrollment comes without a certificate
                .build();
        AgentStatusStore ignore = new AgentStatusStore() {
            public void connected(UUID g, String a, long v) {}
            public void acked(UUID g, String a, long v) {}
            public void nacked(UUID g, String a, long v, String e) {}
            public void disconnected(UUID g, String a) {}
            public void telemetry(UUID g, TelemetryBatch b) {}
            public void defence(UUID g, String a, AgentDefence d) {}
        };
        EnrollmentTokens tokens = token -> Optional.ofNullable(unusedTokens.remove(token));
        var service = new AgentService(new AgentStreams(id -> Optional.ofNullable(snapshots.get(id))), ignore, tokens,
                ca, Duration.ofHours(1));
        server = Grpc.newServerBuilderForPort(0, credentials)
                .addService(ServerInterceptors.intercept(service, new GatewayIdentityInterceptor()))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    ManagedChannel channel(ChannelCredentials credentials) {
        return Grpc.newChannelBuilderForAddress("localhost", server.getPort(), credentials).build();
    }

    ChannelCredentials enrolledAs(UUID gateway, AgentCertificateAuthority signer, String claimedSubject) throws Exception {
        KeyPair agentKeys = AgentCertificateAuthority.newP256KeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + claimedSubject), agentKeys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(agentKeys.getPrivate())).getEncoded();
        X509Certificate cert = signer.issueAgentCertificate(csr, gateway, Duration.ofHours(1));
        return TlsChannelCredentials.newBuilder()
                .keyManager(TlsKeyMaterial.keyManagers(agentKeys.getPrivate(), cert))
                .trustManager(TlsKeyMaterial.trustManagers(ca.caCertificate()))
                .build();
    }

    /** Connects, says Hello, and returns the first server message (or the stream's error). */
    static ServerMessage firstMessage(ManagedChannel channel) throws Exception {
        var first = new CompletableFuture<ServerMessage>();
        var send = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
            public void onNext(ServerMessage m) { first.complete(m); }
            public void onError(Throwable t) { first.completeExceptionally(t); }
            public void onCompleted() { first.completeExceptionally(new IllegalStateException("completed")); }
        });
        send.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentName("agent")).build());
        try {
            return first.get(10, TimeUnit.SECONDS);
        } finally {
            send.onCompleted();
        }
    }

    @Test
    void eachAgentGetsTheSnapshotOfTheGatewayInItsCertificate() throws Exception {
        // The CSR of the first agent claims gateway B in its subject; the CA ignores that.
        ManagedChannel a = channel(enrolledAs(gatewayA, ca, "gateway " + gatewayB));
        ManagedChannel b = channel(enrolledAs(gatewayB, ca, "anything"));
        try {
            assertThat(firstMessage(a).getSnapshot().getGatewayId()).isEqualTo(gatewayA.toString());
            assertThat(firstMessage(b).getSnapshot().getVersion()).isEqualTo(22);
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }

    @Test
    void agentEnrollsWithAOneTimeTokenThenStreamsOverMutualTls() throws Exception {
        unusedTokens.put("tok-123", gatewayB);
        KeyPair agentKeys = AgentCertificateAuthority.newP256KeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=agent"), agentKeys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(agentKeys.getPrivate())).getEncoded();
        ManagedChannel anonymous = channel(TlsChannelCredentials.newBuilder()
                .trustManager(TlsKeyMaterial.trustManagers(ca.caCertificate())).build());
        try {
            var stub = AgentServiceGrpc.newBlockingStub(anonymous);
            var request = EnrollRequest.newBuilder().setEnrollmentToken("tok-123").setCsrDer(ByteString.copyFrom(csr)).build();
            EnrollResponse enrolled = stub.enroll(request);
            assertThat(enrolled.getGatewayId()).isEqualTo(gatewayB.toString());
            assertThatThrownBy(() -> stub.enroll(request)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));

            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(enrolled.getCertificateDer().toByteArray()));
            ManagedChannel mtls = channel(TlsChannelCredentials.newBuilder()
                    .keyManager(TlsKeyMaterial.keyManagers(agentKeys.getPrivate(), cert))
                    .trustManager(TlsKeyMaterial.trustManagers(ca.caCertificate())).build());
            try {
                assertThat(firstMessage(mtls).getSnapshot().getVersion()).isEqualTo(22);
            } finally {
                mtls.shutdownNow();
            }
        } finally {
            anonymous.shutdownNow();
        }
    }

    @Test
    void streamWithoutClientCertificateIsRefused() throws Exception {
        ManagedChannel anonymous = channel(TlsChannelCredentials.newBuilder()
                .trustManager(TlsKeyMaterial.trustManagers(ca.caCertificate())).build());
        try {
            assertThatThrownBy(() -> firstMessage(anonymous)).rootCause()
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        } finally {
            anonymous.shutdownNow();
        }
    }

    @Test
    void certificateFromAnotherCaFailsTheHandshake() throws Exception {
        var rogue = AgentCertificateAuthority.create("rogue", Clock.systemUTC());
        ManagedChannel forged = channel(enrolledAs(gatewayA, rogue, "x"));
        try {
            assertThatThrownBy(() -> firstMessage(forged)).rootCause()
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED));
        } finally {
            forged.shutdownNow();
        }
    }

    @Test
    void csrMustBeSignedByItsOwnKey() throws Exception {
        KeyPair claimed = AgentCertificateAuthority.newP256KeyPair();
        KeyPair other = AgentCertificateAuthority.newP256KeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), claimed.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate())).getEncoded();
        assertThatThrownBy(() -> ca.issueAgentCertificate(csr, gatewayA, Duration.ofHours(1)))
                .isInstanceOf(InvalidCsrException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> ca.issueAgentCertificate(new byte[] {0x30, 0x03, 1, 2, 3}, gatewayA, Duration.ofHours(1)))
                .isInstanceOf(InvalidCsrException.class);
    }
}
