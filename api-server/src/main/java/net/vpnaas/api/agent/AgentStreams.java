package net.vpnaas.api.agent;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import net.vpnaas.api.metrics.AgentMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent streams this replica holds, by gateway. When a gateway's configuration changes
 * (locally or, through LISTEN/NOTIFY, on another replica) each of its streams gets the new snapshot.
 */
public final class AgentStreams {
    private static final Logger log = LoggerFactory.getLogger(AgentStreams.class);

    private final SnapshotSource snapshots;
    private final AgentMetrics metrics;
    private final ConcurrentHashMap<UUID, Set<AgentStream>> byGateway = new ConcurrentHashMap<>();

    public AgentStreams(SnapshotSource snapshots, AgentMetrics metrics) {
        this.snapshots = snapshots;
        this.metrics = metrics;
    }

    /** Outside the application (unit tests): metrics go nowhere. */
    public AgentStreams(SnapshotSource snapshots) {
        this(snapshots, AgentMetrics.unpublished());
    }

    void add(AgentStream stream) {
        byGateway.computeIfAbsent(stream.gatewayId(), id -> ConcurrentHashMap.newKeySet()).add(stream);
        push(stream, System.nanoTime(), false);
    }

    void remove(AgentStream stream) {
        byGateway.computeIfPresent(stream.gatewayId(), (id, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }

    /** The gateway's revision changed: each of its streams gets the current snapshot unless it has it already. */
    public void gatewayChanged(UUID gatewayId) {
        gatewayChanged(gatewayId, System.nanoTime());
    }

    /** @param noticedNanos when the change became known (NOTIFY arrival), for the push latency metric */
    void gatewayChanged(UUID gatewayId, long noticedNanos) {
        for (AgentStream stream : byGateway.getOrDefault(gatewayId, Set.of())) push(stream, noticedNanos, true);
    }

    void acked(AgentStream stream, long version) {
        metrics.acked();
        AgentStream.Push answered = stream.reported(version);
        if (answered != null) metrics.pushAcknowledged(answered.afterChange(), System.nanoTime() - answered.triggeredAtNanos());
    }

    void nacked(AgentStream stream, long version) {
        metrics.nacked();
        stream.reported(version);
    }

    /** Gateways with a stream on this replica: after missed notifications each is re-checked; pushing is idempotent. */
    Set<UUID> connectedGateways() {
        return Set.copyOf(byGateway.keySet());
    }

    public int connectedAgents(UUID gatewayId) {
        return byGateway.getOrDefault(gatewayId, Set.of()).size();
    }

    public int connectedAgents() {
        return byGateway.values().stream().mapToInt(Set::size).sum();
    }

    void keepaliveAll() {
        byGateway.values().forEach(set -> set.forEach(AgentStream::keepalive));
    }

    private void push(AgentStream stream, long triggeredAtNanos, boolean afterChange) {
        snapshots.current(stream.gatewayId()).ifPresentOrElse(snapshot -> {
            if (stream.offer(snapshot, triggeredAtNanos, afterChange)) {
                metrics.snapshotPushed();
                log.debug("pushed version {} to agent {} of gateway {}", snapshot.getVersion(), stream.agentName(), stream.gatewayId());
            }
        }, () -> {
            log.info("gateway {} no longer exists; closing the stream of agent {}", stream.gatewayId(), stream.agentName());
            stream.close();
        });
    }
}
