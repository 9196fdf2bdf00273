package net.vpnaas.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.vpnaas.api.agent.AgentStreams;
import org.springframework.stereotype.Component;

/** Agents holding a stream on this replica, read at scrape time (a sum over an in-memory map). */
@Component
class ConnectedAgentsGauge implements MeterBinder {
    private final AgentStreams streams;

    ConnectedAgentsGauge(AgentStreams streams) {
        this.streams = streams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("vpnaas.agents.connected", streams, AgentStreams::connectedAgents)
                .description("agent streams held by this replica")
                .register(registry);
    }
}
