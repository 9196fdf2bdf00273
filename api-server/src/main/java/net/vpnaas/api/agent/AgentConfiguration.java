package net.vpnaas.api.agent;

import java.security.GeneralSecurityException;
import java.time.Clock;
import javax.sql.DataSource;
import net.vpnaas.api.agent.ca.AgentCaStore;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.metrics.AgentMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the agent side of the control plane: CA, streams, gRPC service and endpoint. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

    @Bean
    AgentCertificateAuthority agentCertificateAuthority(AgentCaStore store) throws GeneralSecurityException {
        return store.loadOrCreate(Clock.systemUTC());
    }

    @Bean
    AgentStreams agentStreams(SnapshotSource snapshots, AgentMetrics metrics) {
        return new AgentStreams(snapshots, metrics);
    }

    @Bean
    AgentService agentService(AgentStreams streams, AgentStatusStore status, EnrollmentTokens tokens,
                              AgentCertificateAuthority ca, AgentEndpointProperties props) {
        return new AgentService(streams, status, tokens, ca, props.certificateLifetime());
    }

    @Bean
    AgentEndpoint agentEndpoint(AgentEndpointProperties props, AgentCertificateAuthority ca, AgentService service,
                                AgentStreams streams, DataSource dataSource) {
        return new AgentEndpoint(props, ca, service, streams, dataSource);
    }
}
