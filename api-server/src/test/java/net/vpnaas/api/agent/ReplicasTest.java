package net.vpnaas.api.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.vpnaas.api.ApiServerApplication;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.agent.ca.TlsKeyMaterial;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.model.agent.v1.AgentMessage;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.EnrollRequest;
import net.vpnaas.model.agent.v1.Hello;
import net.vpnaas.model.agent.v1.ServerMessage;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two api-server replicas on one PostgreSQL, as in production: a change made through replica A's
 * REST API reaches an agent whose stream is held by replica B (LISTEN/NOTIFY), and the agent CA is
 * shared (the agent enrolls on B with a token made on A).
 */
class ReplicasTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newHttpClient();

    static ConfigurableApplicationContext replica(EmbeddedPostgres pg) {
        return new SpringApplicationBuilder(ApiServerApplication.class).run(
                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--server.port=0", "--vpnaas.agent.port=0",
                "--vpnaas.secrets.master-key=" + ApiTestBase.MASTER_KEY,
                "--vpnaas.bootstrap.admin-key=" + ApiTestBase.BOOTSTRAP_KEY);
    }

    JsonNode call(ConfigurableApplicationContext replica, String method, String path, String body) throws Exception {
        int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + ApiTestBase.BOOTSTRAP_KEY)
                .header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    @Test
    void aChangeThroughReplicaAReachesAnAgentOnReplicaB() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             ConfigurableApplicationContext a = replica(pg);
             ConfigurableApplicationContext b = replica(pg)) {
            String gateway = call(a, "POST", "/v1/gateways", "{\"name\":\"gw\",\"publicAddresses\":[\"192.0.2.1\"]}").get("id").asText();
            String peer = call(a, "POST", "/v1/peers", "{\"name\":\"branch\",\"address\":\"198.51.100.2\",\"ikeIdentity\":\"branch.example\","
                    + "\"auth\":{\"type\":\"psk\",\"psk\":\"correct horse battery staple\"}}").get("id").asText();
            String policy = call(a, "POST", "/v1/crypto-policies", "{\"name\":\"p\",\"ikeProposals\":[\"aes256gcm16-prfsha384-x25519\"],"
                    + "\"espProposals\":[\"aes256gcm16\"]}").get("id").asText();
            call(a, "POST", "/v1/tunnels", "{\"name\":\"t\",\"gatewayId\":\"" + gateway + "\",\"peerId\":\"" + peer + "\",\"policyId\":\""
                    + policy + "\",\"localTrafficSelectors\":[\"10.1.0.0/24\"],\"remoteTrafficSelectors\":[\"10.2.0.0/24\"]}");
            String token = call(a, "POST", "/v1/gateways/" + gateway + "/enrollment-tokens", "{}").get("token").asText();

            // The agent enrolls on and streams from replica B.
            AgentEndpoint endpointB = b.getBean(AgentEndpoint.class);
            X509Certificate caCert = b.getBean(AgentCertificateAuthority.class).caCertificate();
            assertThat(caCert).isEqualTo(a.getBean(AgentCertificateAuthority.class).caCertificate());
            KeyPair keys = AgentCertificateAuthority.newP256KeyPair();
            byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=agent"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
            ManagedChannel anonymous = Grpc.newChannelBuilderForAddress("localhost", endpointB.port(), TlsChannelCredentials.newBuilder()
                    .trustManager(TlsKeyMaterial.trustManagers(caCert)).build()).build();
            var enrolled = AgentServiceGrpc.newBlockingStub(anonymous).enroll(EnrollRequest.newBuilder()
                    .setEnrollmentToken(token).setCsrDer(ByteString.copyFrom(csr)).build());
            anonymous.shutdownNow();
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(enrolled.getCertificateDer().toByteArray()));
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", endpointB.port(), TlsChannelCredentials.newBuilder()
                    .keyManager(TlsKeyMaterial.keyManagers(keys.getPrivate(), cert))
                    .trustManager(TlsKeyMaterial.trustManagers(caCert)).build()).build();
            try {
                BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
                StreamObserver<AgentMessage> send = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
                    public void onNext(ServerMessage m) { if (m.hasSnapshot()) received.add(m); }
                    public void onError(Throwable t) {}
                    public void onCompleted() {}
                });
                send.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentName("agent")).build());
                var first = received.poll(10, TimeUnit.SECONDS);
                assertThat(first).as("initial snapshot from B").isNotNull();
                assertThat(first.getSnapshot().getPolicies(0).getChildLifetimeSeconds()).isNotEqualTo(1800);

                call(a, "PATCH", "/v1/crypto-policies/" + policy, "{\"childLifetimeSeconds\":1800}");
                var pushed = received.poll(10, TimeUnit.SECONDS);
                assertThat(pushed).as("B pushed the change made through A").isNotNull();
                assertThat(pushed.getSnapshot().getVersion()).isGreaterThan(first.getSnapshot().getVersion());
                assertThat(pushed.getSnapshot().getPolicies(0).getChildLifetimeSeconds()).isEqualTo(1800);
                send.onCompleted();
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
