package net.vpnaas.api.agent;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agent endpoint (gRPC over TLS).
 *
 * @param port                port to listen on; 0 picks a free one (tests)
 * @param hostnames           names and addresses agents use to reach this replica, for its server certificate
 * @param certificateLifetime lifetime of agent client certificates; agents renew at two thirds
 * @param keepalive           interval of application keepalives on idle streams
 * @param pushThreads         threads building and pushing snapshots after changes; each holds a
 *                            pooled connection while it builds, so keep it well below the pool size
 */
@ConfigurationProperties("vpnaas.agent")
public record AgentEndpointProperties(int port, List<String> hostnames, Duration certificateLifetime, Duration keepalive,
                                      @DefaultValue("4") int pushThreads) {}
