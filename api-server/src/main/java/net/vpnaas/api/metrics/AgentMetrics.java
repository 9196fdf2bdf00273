package net.vpnaas.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What the agent side counts: snapshots pushed, their ACKs and NACKs, how long a push took to be
 * acknowledged, and the telemetry stored. Push latency runs from the moment this replica learned
 * that a snapshot is due (arrival of the NOTIFY of the revision bump, tag trigger=change; or the
 * agent's Hello, trigger=connect) to the ACK; the commit itself happened a moment before the NOTIFY
 * arrived, and that moment is not measured.
 */
@Component
public class AgentMetrics {
    private final Counter pushed;
    private final Counter acks;
    private final Counter nacks;
    private final Timer afterChange;
    private final Timer afterConnect;
    private final Counter telemetryBatches;
    private final Counter telemetryUpdates;

    public AgentMetrics(MeterRegistry registry) {
        pushed = Counter.builder("vpnaas.agent.snapshots.pushed").description("snapshots sent to agents").register(registry);
        acks = Counter.builder("vpnaas.agent.acks").description("snapshots agents applied").register(registry);
        nacks = Counter.builder("vpnaas.agent.nacks").description("snapshots agents refused").register(registry);
        afterChange = pushLatency(registry, "change");
        afterConnect = pushLatency(registry, "connect");
        telemetryBatches = Counter.builder("vpnaas.agent.telemetry.batches").description("telemetry batches stored").register(registry);
        telemetryUpdates = Counter.builder("vpnaas.agent.telemetry.updates")
                .description("tunnel SA counter rows updated from telemetry").register(registry);
    }

    /** For code run outside the application (unit tests): counts into a registry nobody reads. */
    public static AgentMetrics unpublished() {
        return new AgentMetrics(new SimpleMeterRegistry());
    }

    private static Timer pushLatency(MeterRegistry registry, String trigger) {
        // Buckets, so that Prometheus can compute the p99 across replicas.
        return Timer.builder("vpnaas.agent.push.latency")
                .description("from learning that a snapshot is due to the agent's ACK")
                .tag("trigger", trigger)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    public void snapshotPushed() {
        pushed.increment();
    }

    public void acked() {
        acks.increment();
    }

    /** An ACK answered a push {@code nanos} after its trigger (a change, or else the agent's Hello). */
    public void pushAcknowledged(boolean afterChange, long nanos) {
        (afterChange ? this.afterChange : afterConnect).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void nacked() {
        nacks.increment();
    }

    public void telemetryStored(int counterRowsUpdated) {
        telemetryBatches.increment();
        telemetryUpdates.increment(counterRowsUpdated);
    }
}
