package net.vpnaas.api.agent.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import net.vpnaas.api.metrics.AgentMetrics;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;

/**
 * Telemetry received from all streams of this replica and not yet written, bounded in memory.
 * Counters are cumulative, so only the latest report of each SA matters: a newer one replaces the
 * pending one (counted as superseded), and when the buffer is full the SA pending longest is
 * dropped (counted). SA events change state and are kept in arrival order; a full event queue
 * makes the reporting stream wait (gRPC flow control then slows the agent down) and only after
 * {@code eventWait} drops the event, counted.
 */
final class TelemetryBuffer {
    /** The SA a counter report is about, with the gateway that reported it (writes are guarded by ownership). */
    record SaKey(UUID gatewayId, UUID tunnelId, long spiIn) {}

    record Event(UUID gatewayId, UUID tunnelId, SaEvent event) {}

    record Counters(SaKey sa, TunnelCounters counters) {}

    /**
     * What one write takes: events in arrival order, then the latest counters per SA, sorted by
     * tunnel and SPI so that concurrent writers (replicas) lock rows in one order and cannot deadlock.
     */
    record Drained(List<Event> events, List<Counters> counters, int batches) {
        boolean isEmpty() {
            return events.isEmpty() && counters.isEmpty() && batches == 0;
        }
    }

    private static final Comparator<Counters> LOCK_ORDER =
            Comparator.comparing((Counters c) -> c.sa().tunnelId()).thenComparingLong(c -> c.sa().spiIn());

    private final int maxCounters;
    private final int maxEvents;
    private final Duration eventWait;
    private final AgentMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    // Insertion order: the eldest entry is the SA whose report has waited longest.
    private LinkedHashMap<SaKey, TunnelCounters> counters = new LinkedHashMap<>();
    private ArrayList<Event> events = new ArrayList<>();
    private int batches;

    TelemetryBuffer(int maxCounters, int maxEvents, Duration eventWait, AgentMetrics metrics) {
        this.maxCounters = maxCounters;
        this.maxEvents = maxEvents;
        this.eventWait = eventWait;
        this.metrics = metrics;
    }

    /** Takes one batch of a stream; may wait for room for its events (see the class comment). */
    void add(UUID gatewayId, TelemetryBatch batch) throws InterruptedException {
        // Parsed before taking the lock, which all streams share.
        List<Event> newEvents = new ArrayList<>(batch.getEventsCount());
        for (SaEvent e : batch.getEventsList()) {
            UUID tunnel = uuid(e.getTunnelId());
            if (tunnel == null) {
                metrics.telemetryDropped(AgentMetrics.TelemetryKind.EVENT, "malformed");
            } else {
                newEvents.add(new Event(gatewayId, tunnel, e));
            }
        }
        List<Counters> newCounters = new ArrayList<>(batch.getCountersCount());
        for (TunnelCounters c : batch.getCountersList()) {
            UUID tunnel = uuid(c.getTunnelId());
            if (tunnel == null) {
                metrics.telemetryDropped(AgentMetrics.TelemetryKind.COUNTERS, "malformed");
            } else {
                newCounters.add(new Counters(new SaKey(gatewayId, tunnel, Integer.toUnsignedLong(c.getChildSpiIn())), c));
            }
        }
        lock.lock();
        try {
            long deadline = System.nanoTime() + eventWait.toNanos();
            for (Event e : newEvents) {
                while (events.size() >= maxEvents) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    drained.awaitNanos(left);
                }
                if (events.size() >= maxEvents) {
                    metrics.telemetryDropped(AgentMetrics.TelemetryKind.EVENT, "full");
                    continue;
                }
                events.add(e);
            }
            for (Counters c : newCounters) {
                metrics.countersReceived();
                if (counters.put(c.sa(), c.counters()) != null) {
                    metrics.countersSuperseded();
                } else if (counters.size() > maxCounters) {
                    var eldest = counters.entrySet().iterator();
                    eldest.next();
                    eldest.remove();
                    metrics.telemetryDropped(AgentMetrics.TelemetryKind.COUNTERS, "full");
                }
            }
            batches++;
        } finally {
            lock.unlock();
        }
    }

    /** Everything pending, leaving the buffer empty. */
    Drained drain() {
        List<Event> takenEvents;
        Map<SaKey, TunnelCounters> takenCounters;
        int takenBatches;
        lock.lock();
        try {
            takenEvents = events;
            takenCounters = counters;
            takenBatches = batches;
            events = new ArrayList<>();
            counters = new LinkedHashMap<>();
            batches = 0;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        return new Drained(takenEvents, sorted(takenCounters), takenBatches);
    }

    private static List<Counters> sorted(Map<SaKey, TunnelCounters> pending) {
        List<Counters> list = new ArrayList<>(pending.size());
        pending.forEach((sa, c) -> list.add(new Counters(sa, c)));
        list.sort(LOCK_ORDER);
        return list;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
