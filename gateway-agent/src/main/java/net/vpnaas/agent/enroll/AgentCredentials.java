package net.vpnaas.agent.enroll;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What an enrolled agent authenticates with: its key, the certificate our CA signed, and that CA. */
public record AgentCredentials(UUID gatewayId, PrivateKey key, X509Certificate certificate, List<X509Certificate> caChain) {
    public AgentCredentials {
        caChain = List.copyOf(caChain);
    }

    /** Renew once two thirds of the lifetime are gone: leaves a third for retries if the control plane is away. */
    public Instant renewAt() {
        Instant from = certificate.getNotBefore().toInstant();
        Instant to = certificate.getNotAfter().toInstant();
        return from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
    }

    @Override
    public String toString() {
        return "AgentCredentials[gateway=" + gatewayId + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
    }
}
