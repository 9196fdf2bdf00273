package net.vpnaas.api.ikeca;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The tenants' IKE CAs and the gateway certificates they issue (defaults in application.yml).
 *
 * @param caLifetime            validity of a tenant's IKE CA certificate, from its creation
 * @param certificateLifetime   validity of an issued gateway certificate; it is renewed at two thirds of it
 * @param renewalCheckInterval  how often each replica looks for issued certificates due for renewal
 */
@ConfigurationProperties("vpnaas.ike-ca")
public record IkeCaProperties(Duration caLifetime, Duration certificateLifetime, Duration renewalCheckInterval) {
    public IkeCaProperties {
        if (certificateLifetime.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("vpnaas.ike-ca.certificate-lifetime must be at least 30s, not " + certificateLifetime);
        }
    }

    /** When an issued certificate is renewed: at two thirds of its lifetime, as agent certificates are. */
    Duration renewalAge() {
        return certificateLifetime.multipliedBy(2).dividedBy(3);
    }
}
