package net.vpnaas.api.agent;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Binds each call to the gateway named in the client certificate's URI subjectAltName. The TLS
 * layer has already verified the certificate against our CA; calls without one get only the
 * methods that need none (enrollment).
 */
public final class GatewayIdentityInterceptor implements ServerInterceptor {
    private static final int SAN_URI = 6;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        UUID gatewayId = gatewayIdOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (gatewayId == null) {
            if (call.getMethodDescriptor().getBareMethodName().equals("Enroll")) return next.startCall(call, headers);
            call.close(Status.UNAUTHENTICATED.withDescription("a gateway client certificate is required"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(GatewayIdentity.GATEWAY_ID, gatewayId), call, headers, next);
    }

    static UUID gatewayIdOf(SSLSession session) {
        if (session == null) return null;
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) return null;
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans == null) return null;
            for (List<?> san : sans) {
                if (((Integer) san.get(0)) == SAN_URI) {
                    UUID id = GatewayIdentity.fromUri((String) san.get(1));
                    if (id != null) return id;
                }
            }
            return null;
        } catch (SSLPeerUnverifiedException | CertificateParsingException e) {
            return null;
        }
    }
}
