package net.vpnaas.api.agent;

import io.grpc.stub.StreamObserver;
import java.util.UUID;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Keepalive;
import net.vpnaas.model.agent.v1.ServerMessage;

/**
 * One connected agent. Decides whether a snapshot is worth sending: only when its version differs
 * from the one the agent last reported (applied, acknowledged or refused) and from the one already
 * in flight (or newer than it). A refused version is therefore not pushed again until the configuration changes.
 */
final class AgentStream {
    private final UUID gatewayId;
    private final String agentName;
    private final StreamObserver<ServerMessage> out;
    private long reportedVersion;
    private Push inFlight;
    private boolean closed;

    AgentStream(UUID gatewayId, String agentName, long appliedVersion, StreamObserver<ServerMessage> out) {
        this.gatewayId = gatewayId;
        this.agentName = agentName;
        this.reportedVersion = appliedVersion;
        this.out = out;
    }

    UUID gatewayId() {
        return gatewayId;
    }

    String agentName() {
        return agentName;
    }

    /** A snapshot sent and not yet answered, and when its need became known (for the push latency metric). */
    record Push(long version, long triggeredAtNanos, boolean afterChange) {}

    /** gRPC observers are not thread-safe; pushes (push threads, Hello) and keepalives (timer) all send. */
    synchronized boolean offer(GatewaySnapshot snapshot, long triggeredAtNanos, boolean afterChange) {
        long version = snapshot.getVersion();
        // Revisions only grow: a snapshot older than the one in flight comes from a build that lost a race.
        if (closed || version == reportedVersion || (inFlight != null && inFlight.version() >= version)) return false;
        inFlight = new Push(version, triggeredAtNanos, afterChange);
        out.onNext(ServerMessage.newBuilder().setSnapshot(snapshot).build());
        return true;
    }

    /** @return the push this report answers, or null if it answers none (e.g. a late ACK of an older one) */
    synchronized Push reported(long version) {
        reportedVersion = version;
        if (inFlight == null || inFlight.version() != version) return null;
        Push answered = inFlight;
        inFlight = null;
        return answered;
    }

    synchronized void keepalive() {
        if (!closed) out.onNext(ServerMessage.newBuilder().setKeepalive(Keepalive.getDefaultInstance()).build());
    }

    synchronized void close() {
        if (closed) return;
        closed = true;
        out.onCompleted();
    }

    synchronized void markClosed() {
        closed = true;
    }
}
