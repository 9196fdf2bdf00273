package net.vpnaas.api.agent;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.agent.ca.InvalidCsrException;
import net.vpnaas.model.agent.v1.AgentMessage;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.EnrollRequest;
import net.vpnaas.model.agent.v1.EnrollResponse;
import net.vpnaas.model.agent.v1.RenewRequest;
import net.vpnaas.model.agent.v1.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrollment, renewal, and the agent's config and telemetry stream. On the stream the first
 * message must be a Hello with the version the agent runs; from then on the server pushes
 * snapshots (see {@link AgentStream} for when) and the agent answers ACK or NACK and sends
 * telemetry.
 */
public final class AgentService extends AgentServiceGrpc.AgentServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(AgentService.class);

    private final AgentStreams streams;
    private final AgentStatusStore status;
    private final EnrollmentTokens tokens;
    private final AgentCertificateAuthority ca;
    private final Duration certificateLifetime;

    public AgentService(AgentStreams streams, AgentStatusStore status, EnrollmentTokens tokens,
                        AgentCertificateAuthority ca, Duration certificateLifetime) {
        this.streams = streams;
        this.status = status;
        this.tokens = tokens;
        this.ca = ca;
        this.certificateLifetime = certificateLifetime;
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> out) {
        // The same answer for unknown, expired and used tokens: a caller learns nothing by guessing.
        tokens.redeem(request.getEnrollmentToken()).ifPresentOrElse(
                gatewayId -> issue(gatewayId, request.getCsrDer(), out),
                () -> out.onError(Status.PERMISSION_DENIED.withDescription("invalid or expired enrollment token").asRuntimeException()));
    }

    @Override
    public void renew(RenewRequest request, StreamObserver<EnrollResponse> out) {
        UUID gatewayId = GatewayIdentity.GATEWAY_ID.get();
        if (gatewayId == null) {
            out.onError(Status.UNAUTHENTICATED.withDescription("renewal needs the current client certificate").asRuntimeException());
            return;
        }
        issue(gatewayId, request.getCsrDer(), out);
    }

    private void issue(UUID gatewayId, ByteString csr, StreamObserver<EnrollResponse> out) {
        try {
            X509Certificate cert = ca.issueAgentCertificate(csr.toByteArray(), gatewayId, certificateLifetime);
            out.onNext(EnrollResponse.newBuilder()
                    .setGatewayId(gatewayId.toString())
                    .setCertificateDer(ByteString.copyFrom(cert.getEncoded()))
                    .addCaChainDer(ByteString.copyFrom(ca.caCertificate().getEncoded()))
                    .setNotAfterEpochSeconds(cert.getNotAfter().toInstant().getEpochSecond())
                    .build());
            out.onCompleted();
            log.info("issued agent certificate for gateway {} valid until {}", gatewayId, cert.getNotAfter().toInstant());
        } catch (InvalidCsrException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (CertificateEncodingException e) {
            out.onError(Status.INTERNAL.withDescription("certificate encoding failed").asRuntimeException());
        } catch (GeneralSecurityException e) {
            log.error("signing an agent certificate failed", e);
            out.onError(Status.INTERNAL.withDescription("signing failed").asRuntimeException());
        }
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ServerMessage> out) {
        UUID gatewayId = GatewayIdentity.GATEWAY_ID.get();
        if (gatewayId == null) {
            out.onError(Status.UNAUTHENTICATED.withDescription("no gateway identity").asRuntimeException());
            return new Discarding();
        }
        return new Inbound(gatewayId, out);
    }

    private final class Inbound implements StreamObserver<AgentMessage> {
        private final UUID gatewayId;
        private final StreamObserver<ServerMessage> out;
        private AgentStream stream;
        private boolean rejected;

        Inbound(UUID gatewayId, StreamObserver<ServerMessage> out) {
            this.gatewayId = gatewayId;
            this.out = out;
        }

        @Override
        public void onNext(AgentMessage message) {
            if (rejected) return;
            if (stream == null && message.getKindCase() != AgentMessage.KindCase.HELLO) {
                reject("the first message must be a Hello");
                return;
            }
            switch (message.getKindCase()) {
                case HELLO -> {
                    if (stream != null) {
                        reject("Hello sent twice");
                        return;
                    }
                    var hello = message.getHello();
                    stream = new AgentStream(gatewayId, hello.getAgentName(), hello.getAppliedVersion(), out);
                    status.connected(gatewayId, hello.getAgentName(), hello.getAppliedVersion());
                    streams.add(stream);
                }
                case ACK -> {
                    streams.acked(stream, message.getAck().getVersion());
                    status.acked(gatewayId, stream.agentName(), message.getAck().getVersion());
                }
                case NACK -> {
                    var nack = message.getNack();
                    streams.nacked(stream, nack.getVersion());
                    status.nacked(gatewayId, stream.agentName(), nack.getVersion(), nack.getError());
                }
                case TELEMETRY -> {
                    // A batch that cannot be stored is lost, not the stream: the next batch carries
                    // cumulative counters again.
                    try {
                        status.telemetry(gatewayId, message.getTelemetry());
                        if (message.getTelemetry().getSessionsReported()) {
                            status.remoteAccessSessions(gatewayId, stream.agentName(), message.getTelemetry().getSessionsList());
                        }
                        if (message.getTelemetry().hasDefence()) {
                            AgentDefence.of(message.getTelemetry().getDefence()).ifPresentOrElse(
                                    d -> status.defence(gatewayId, stream.agentName(), d),
                                    () -> log.warn("agent {} of gateway {} sent a defence report that is not plausible; ignored",
                                            stream.agentName(), gatewayId));
                        }
                    } catch (RuntimeException e) {
                        log.error("storing telemetry of gateway {} failed", gatewayId, e);
                    }
                }
                case KIND_NOT_SET -> reject("empty message");
            }
        }

        private void reject(String why) {
            log.warn("closing stream of gateway {}: {}", gatewayId, why);
            rejected = true;
            if (stream != null) stream.markClosed();
            out.onError(Status.INVALID_ARGUMENT.withDescription(why).asRuntimeException());
            ended();
        }

        @Override
        public void onError(Throwable t) {
            ended();
        }

        @Override
        public void onCompleted() {
            if (stream != null) stream.close();
            ended();
        }

        private void ended() {
            if (stream == null) return;
            streams.remove(stream);
            status.disconnected(gatewayId, stream.agentName());
            stream = null;
        }
    }

    private static final class Discarding implements StreamObserver<AgentMessage> {
        @Override public void onNext(AgentMessage value) {}
        @Override public void onError(Throwable t) {}
        @Override public void onCompleted() {}
    }
}
