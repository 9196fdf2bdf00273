package net.vpnaas.model;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Optional;

/** PEM text that must hold X.509 certificates: a peer's CA bundle, a gateway's own chain. */
public final class PemCertificates {
    private static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----";

    private PemCertificates() {}

    /** What is wrong with {@code pem}, or empty when it holds at least one parsable certificate. */
    public static Optional<String> problem(String pem) {
        if (!pem.contains(PEM_BEGIN)) {
            return Optional.of("must hold at least one PEM certificate (" + PEM_BEGIN + ")");
        }
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return certs.isEmpty() ? Optional.of("holds no certificate") : Optional.empty();
        } catch (CertificateException e) {
            return Optional.of("is not a valid PEM certificate bundle");
        }
    }
}
