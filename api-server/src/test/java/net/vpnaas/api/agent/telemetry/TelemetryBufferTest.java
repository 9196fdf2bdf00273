package net.vpnaas.api.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.vpnaas.api.metrics.AgentMetrics;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;
import org.junit.jupiter.api.Test;

/** The in-memory side of telemetry: coalescing, bounds and what gets counted. */
class TelemetryBufferTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AgentMetrics metrics = new AgentMetrics(registry);
    final UUID gateway = UUID.randomUUID();
    final UUID tunnel = UUID.randomUUID();

    static TelemetryBatch counters(UUID tunnel, int spi, long bytesIn) {
        return TelemetryBatch.newBuilder().addCounters(TunnelCounters.newBuilder()
                .setTunnelId(tunnel.toString()).setChildSpiIn(spi).setBytesIn(bytesIn)).build();
    }

    static TelemetryBatch event(UUID tunnel, SaEventKind kind, int spi) {
        return TelemetryBatch.newBuilder().addEvents(SaEvent.newBuilder()
                .setTunnelId(tunnel.toString()).setKind(kind).setChildSpiIn(spi)).build();
    }

    double count(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aNewerCounterReportOfTheSameSaReplacesThePendingOne() throws Exception {
        var buffer = new TelemetryBuffer(100, 100, Duration.ZERO, metrics);
        buffer.add(gateway, counters(tunnel, 1, 100));
        buffer.add(gateway, counters(tunnel, 2, 7));
        buffer.add(gateway, counters(tunnel, 1, 300));

        var drained = buffer.drain();
        assertThat(drained.batches()).isEqualTo(3);
        assertThat(drained.counters()).hasSize(2);
        assertThat(drained.counters()).filteredOn(c -> c.sa().spiIn() == 1).singleElement()
                .satisfies(c -> assertThat(c.counters().getBytesIn()).isEqualTo(300));
        assertThat(count("vpnaas.agent.telemetry.counters.received")).isEqualTo(3);
        assertThat(count("vpnaas.agent.telemetry.counters.superseded")).isEqualTo(1);
        assertThat(buffer.drain().isEmpty()).as("drain empties").isTrue();
    }

    @Test
    void eventsKeepTheirOrderAndAreNeverCoalesced() throws Exception {
        var buffer = new TelemetryBuffer(100, 100, Duration.ZERO, metrics);
        buffer.add(gateway, event(tunnel, SaEventKind.CHILD_UP, 1));
        buffer.add(gateway, event(tunnel, SaEventKind.DOWN, 0));
        buffer.add(gateway, event(tunnel, SaEventKind.CHILD_UP, 1));

        assertThat(buffer.drain().events()).extracting(e -> e.event().getKind())
                .containsExactly(SaEventKind.CHILD_UP, SaEventKind.DOWN, SaEventKind.CHILD_UP);
    }

    @Test
    void whenFullTheLongestPendingSaIsDroppedAndCounted() throws Exception {
        var buffer = new TelemetryBuffer(2, 100, Duration.ZERO, metrics);
        UUID second = UUID.randomUUID(), third = UUID.randomUUID();
        buffer.add(gateway, counters(tunnel, 1, 1));
        buffer.add(gateway, counters(second, 1, 2));
        buffer.add(gateway, counters(tunnel, 1, 3)); // an update keeps its place and takes no room
        buffer.add(gateway, counters(third, 1, 4));

        assertThat(buffer.drain().counters()).extracting(c -> c.sa().tunnelId()).containsExactlyInAnyOrder(second, third);
        assertThat(count("vpnaas.agent.telemetry.dropped", "kind", "counters", "reason", "full")).isEqualTo(1);
    }

    @Test
    void aFullEventQueueMakesTheStreamWaitThenDropsAndCounts() throws Exception {
        var buffer = new TelemetryBuffer(100, 1, Duration.ofMillis(100), metrics);
        buffer.add(gateway, event(tunnel, SaEventKind.CHILD_UP, 1));
        long start = System.nanoTime();
        buffer.add(gateway, event(tunnel, SaEventKind.DOWN, 0));
        assertThat(System.nanoTime() - start).as("waited for room").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(90));
        assertThat(count("vpnaas.agent.telemetry.dropped", "kind", "event", "reason", "full")).isEqualTo(1);
        assertThat(buffer.drain().events()).extracting(e -> e.event().getKind()).containsExactly(SaEventKind.CHILD_UP);
    }

    @Test
    void aWaitingStreamGoesOnAsSoonAsTheWriterDrains() throws Exception {
        var buffer = new TelemetryBuffer(100, 1, Duration.ofSeconds(10), metrics);
        buffer.add(gateway, event(tunnel, SaEventKind.CHILD_UP, 1));
        var done = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            try {
                buffer.add(gateway, event(tunnel, SaEventKind.REKEYED, 2));
                done.countDown();
            } catch (InterruptedException ignored) {
                // test ends
            }
        });
        assertThat(done.await(200, TimeUnit.MILLISECONDS)).as("blocked while full").isFalse();
        assertThat(buffer.drain().events()).hasSize(1);
        assertThat(done.await(5, TimeUnit.SECONDS)).as("released by the drain").isTrue();
        assertThat(buffer.drain().events()).extracting(e -> e.event().getKind()).containsExactly(SaEventKind.REKEYED);
        assertThat(count("vpnaas.agent.telemetry.dropped", "kind", "event", "reason", "full")).isZero();
    }

    @Test
    void malformedTunnelIdsAreDroppedAndCounted() throws Exception {
        var buffer = new TelemetryBuffer(100, 100, Duration.ZERO, metrics);
        buffer.add(gateway, TelemetryBatch.newBuilder()
                .addEvents(SaEvent.newBuilder().setTunnelId("not-a-uuid").setKind(SaEventKind.DOWN))
                .addCounters(TunnelCounters.newBuilder().setTunnelId("").setBytesIn(1)).build());
        var drained = buffer.drain();
        assertThat(drained.events()).isEmpty();
        assertThat(drained.counters()).isEmpty();
        assertThat(count("vpnaas.agent.telemetry.dropped", "kind", "event", "reason", "malformed")).isEqualTo(1);
        assertThat(count("vpnaas.agent.telemetry.dropped", "kind", "counters", "reason", "malformed")).isEqualTo(1);
    }
}
