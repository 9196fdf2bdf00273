package net.vpnaas.api.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many API requests run at once (see {@link AdmissionFilter}).
 *
 * @param maxConcurrentRequests requests under {@code /v1/} that run at once; the rest wait in
 *                              arrival order. 0 (the default) means two per core: each request
 *                              mostly needs CPU and one pooled connection, so a small multiple of
 *                              the cores keeps them busy. Measured on 2 cores, 4 gave the lowest
 *                              p99 (3 and 6 about 5-10% higher, unlimited about 60% higher)
 * @param maxWait               how long a request waits for its turn before it gets 503
 */
@ConfigurationProperties("vpnaas.api.admission")
public record AdmissionProperties(@DefaultValue("0") int maxConcurrentRequests, @DefaultValue("10s") Duration maxWait) {

    /** The limit in force: the configured one, or two per core. */
    public int limit() {
        return maxConcurrentRequests > 0 ? maxConcurrentRequests : 2 * Runtime.getRuntime().availableProcessors();
    }
}
