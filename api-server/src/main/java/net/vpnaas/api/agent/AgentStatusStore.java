package net.vpnaas.api.agent;

import java.util.List;
import java.util.UUID;
import net.vpnaas.model.agent.v1.RemoteAccessSession;
import net.vpnaas.model.agent.v1.TelemetryBatch;

/**
 * Where what agents report is kept, so that any replica can answer the API. Nothing held in
 * memory by the stream code is authoritative.
 */
public interface AgentStatusStore {
    void connected(UUID gatewayId, String agentName, long appliedVersion);

    /** The agent runs {@code version}: the gateway's acknowledged version advances. */
    void acked(UUID gatewayId, String agentName, long version);

    /** The agent could not apply {@code version}: recorded as the last error; the acknowledged version stays. */
    void nacked(UUID gatewayId, String agentName, long version, String error);

    void disconnected(UUID gatewayId, String agentName);

    void telemetry(UUID gatewayId, TelemetryBatch batch);

    /** Every remote-access session the agent runs now; replaces what it reported before. */
    default void remoteAccessSessions(UUID gatewayId, String agentName, List<RemoteAccessSession> sessions) {}

    /** The agent's IKE responder reported its defence state; it replaces the one before. */
    void defence(UUID gatewayId, String agentName, AgentDefence defence);
}
