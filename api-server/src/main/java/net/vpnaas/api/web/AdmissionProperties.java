package net.vpnaas.api.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many API requests run at once (see {@link AdmissionFilter}).
 *
 * @param maxConcurrentRequests requests under {@code /v1/} that run at once; the rest wait in
 *                              arrival order. Each mostly needs CPU and one pooled connection, so a
 *                              small multiple of the cores keeps them busy; measured on 2 cores,
 *                              4 gave the lowest p99 (6: +8%, unlimited: +60%)
 * @param maxWait               how long a request waits for its turn before it gets 503
 */
@ConfigurationProperties("vpnaas.api.admission")
public record AdmissionProperties(@DefaultValue("4") int maxConcurrentRequests, @DefaultValue("10s") Duration maxWait) {}
