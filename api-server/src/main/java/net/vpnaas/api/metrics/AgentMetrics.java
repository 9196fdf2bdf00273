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
 *
 * <p>Telemetry is counted where it is received and where it is written: counter reports received,
 * superseded by a newer report of the same SA before being written, dropped (by kind and reason),
 * and SA rows actually updated, so that received = written + superseded + dropped + reports of SAs
 * that do not exist.
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
    private final Counter telemetryEvents;
    private final Counter countersReceived;
    private final Counter countersSuperseded;
    private final MeterRegistry registry;

    /** What a telemetry report carried. */
    public enum TelemetryKind { EVENT, COUNTERS }

    public AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
        pushed = Counter.builder("vpnaas.agent.snapshots.pushed").description("snapshots sent to agents").register(registry);
        acks = Counter.builder("vpnaas.agent.acks").description("snapshots agents applied").register(registry);
        nacks = Counter.builder("vpnaas.agent.nacks").description("snapshots agents refused").register(registry);
        afterChange = pushLatency(registry, "change");
        afterConnect = pushLatency(registry, "connect");
        telemetryBatches = Counter.builder("vpnaas.agent.telemetry.batches").description("telemetry batches written").register(registry);
        telemetryUpdates = Counter.builder("vpnaas.agent.telemetry.updates")
                .description("tunnel SA counter rows updated from telemetry").register(registry);
        telemetryEvents = Counter.builder("vpnaas.agent.telemetry.events").description("SA events applied").register(registry);
        countersReceived = Counter.builder("vpnaas.agent.telemetry.counters.received")
                .description("SA counter reports received from agents").register(registry);
        countersSuperseded = Counter.builder("vpnaas.agent.telemetry.counters.superseded")
                .description("SA counter reports replaced by a newer report of the same SA before being written").register(registry);
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

    public void countersReceived() {
        countersReceived.increment();
    }

    public void countersSuperseded() {
        countersSuperseded.increment();
    }

    public void telemetryDropped(TelemetryKind kind, String reason) {
        telemetryDropped(kind, reason, 1);
    }

    /** Reports lost: {@code reason} is full (buffer), malformed (bad tunnel id) or failed (database error). */
    public void telemetryDropped(TelemetryKind kind, String reason, int n) {
        Counter.builder("vpnaas.agent.telemetry.dropped").description("telemetry reports not written")
                .tag("kind", kind.name().toLowerCase()).tag("reason", reason).register(registry).increment(n);
    }

    /** One write: the agent batches it covered, SA events applied and SA counter rows updated. */
    public void telemetryWritten(int batches, int eventsApplied, int counterRowsUpdated) {
        // Batches last: whoever sees the batch count move sees the rows of those batches counted.
        telemetryEvents.increment(eventsApplied);
        telemetryUpdates.increment(counterRowsUpdated);
        telemetryBatches.increment(batches);
    }
}
