package net.vpnaas.agent.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.EnrollRequest;
import net.vpnaas.model.agent.v1.EnrollResponse;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's half of enrollment against a scripted server (the seam; the control plane's CA and
 * Enroll RPC are tested in api-server over real mTLS).
 */
class EnrollerTest {
    final UUID gateway = UUID.randomUUID();
    final KeyPair caKeys = p256();
    Server server;
    ManagedChannel channel;
    /** When set, the scripted server certifies this key instead of the CSR's. */
    PublicKey substituteKey;

    static KeyPair p256() {
        try {
            var gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    X509Certificate sign(PublicKey key, String subject, Duration lifetime) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=test CA"), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now), Date.from(now.plus(lifetime)), new X500Name("CN=" + subject), key);
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    void startServer() throws Exception {
        String name = InProcessServerBuilder.generateName();
        X509Certificate caCert = sign(caKeys.getPublic(), "test CA", Duration.ofDays(1));
        server = InProcessServerBuilder.forName(name).directExecutor().addService(new AgentServiceGrpc.AgentServiceImplBase() {
            @Override
            public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> out) {
                try {
                    var csr = new JcaPKCS10CertificationRequest(request.getCsrDer().toByteArray());
                    PublicKey key = substituteKey != null ? substituteKey : csr.getPublicKey();
                    X509Certificate cert = sign(key, "gateway", Duration.ofHours(3));
                    out.onNext(EnrollResponse.newBuilder().setGatewayId(gateway.toString())
                            .setCertificateDer(ByteString.copyFrom(cert.getEncoded()))
                            .addCaChainDer(ByteString.copyFrom(caCert.getEncoded())).build());
                    out.onCompleted();
                } catch (Exception e) {
                    out.onError(e);
                }
            }
        }).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        if (channel != null) channel.shutdownNow();
        if (server != null) server.shutdownNow();
    }

    @Test
    void enrollsSavesAndReloadsTheSameCredentials(@TempDir Path state) throws Exception {
        startServer();
        AgentCredentials creds = Enroller.enroll(channel, "tok", "agent, \"one\"");
        assertThat(creds.gatewayId()).isEqualTo(gateway);
        assertThat(creds.caChain()).hasSize(1);
        // renew at two thirds of a three-hour lifetime
        assertThat(Duration.between(creds.certificate().getNotBefore().toInstant(), creds.renewAt())).isEqualTo(Duration.ofHours(2));

        var store = new CredentialStore(state);
        assertThat(store.load()).isEmpty();
        store.save(creds);
        assertThat(Files.getPosixFilePermissions(state.resolve("agent.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        AgentCredentials loaded = store.load().orElseThrow();
        assertThat(loaded.gatewayId()).isEqualTo(gateway);
        assertThat(loaded.certificate()).isEqualTo(creds.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(creds.key().getEncoded());
        assertThat(loaded.caChain()).isEqualTo(creds.caChain());
    }

    @Test
    void certificateForAnotherKeyIsRejected() throws Exception {
        substituteKey = p256().getPublic();
        startServer();
        assertThatThrownBy(() -> Enroller.enroll(channel, "tok", "agent"))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("another key");
    }
}
