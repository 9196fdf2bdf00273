package net.vpnaas.api.ikeca;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A gateway's IKE certificate as the API shows it: the chain and what the gateway's own certificate
 * says, never the private key. {@code renewAfter}: when an issued certificate is renewed; null (absent
 * in JSON) for an uploaded one, which the tenant renews by uploading another.
 */
public record GatewayCertificateView(UUID gatewayId, String source, String certificateChainPem, String subject, String issuer,
                                     String serialNumber, List<String> subjectAltNames, Instant notBefore, Instant notAfter,
                                     String sha256Fingerprint, Instant renewAfter, long version, Instant createdAt,
                                     Instant updatedAt) {

    static GatewayCertificateView of(UUID gatewayId, String source, String chainPem, Instant renewAfter, long version,
                                     Instant createdAt, Instant updatedAt) {
        CertificateFacts own = CertificateFacts.of(chain(chainPem).getFirst());
        return new GatewayCertificateView(gatewayId, source, chainPem, own.subject(), own.issuer(), own.serialNumber(),
                own.subjectAltNames(), own.notBefore(), own.notAfter(), own.sha256Fingerprint(), renewAfter, version, createdAt,
                updatedAt);
    }

    /** The certificates of a stored chain, the gateway's own first. */
    static List<X509Certificate> chain(String pem) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IllegalStateException("a stored certificate chain does not parse", e);
        }
    }
}
