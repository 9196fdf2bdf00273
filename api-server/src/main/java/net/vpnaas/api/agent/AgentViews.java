package net.vpnaas.api.agent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the REST API shows of agents, enrollment and live SAs. */
final class AgentViews {
    private AgentViews() {}

    record EnrollmentTokenRequest(Integer ttlSeconds) {}

    /** The token is in this response only; it is stored as a hash. */
    /** {@code caCertificatePem}: what the agent trusts when it enrolls, before it has a certificate of its own. */
    record EnrollmentTokenCreated(UUID id, UUID gatewayId, String token, Instant expiresAt, String caCertificatePem) {}

    /** {@code defence}: what the agent's IKE responder last reported of its flood defences; null before its first report. */
    record AgentView(String name, boolean connected, long appliedVersion, Instant connectedAt, Instant lastSeenAt,
                     String lastError, Long lastErrorVersion, Instant lastErrorAt, AgentDefence defence) {}

    /**
     * @param configRevision the version agents should run
     * @param inSync         whether a connected agent runs exactly that version
     */
    record GatewayStatusView(UUID gatewayId, long configRevision, int agentsConnected, boolean inSync, List<AgentView> agents) {}

    record SecurityAssociationView(String spiIn, String spiOut, long bytesIn, long bytesOut, long packetsIn, long packetsOut,
                                   long replayDrops, long integrityFailures, long selectorDrops, Instant establishedAt,
                                   Instant lastRekeyAt, Instant updatedAt) {}

    /** {@code quantumSafety}: what protects the current IKE SA's keys against a quantum computer (ML-KEM, PPK), as reported; null when unknown or down. */
    /** {@code transport}: "udp", or "tcp" when the IKE SA and its Child SAs travel on a TCP stream (RFC 9329); null when unknown or down. */
    record SecurityAssociationList(UUID tunnelId, String status, String reason, Instant lastChange, String quantumSafety, String transport,
                                   List<SecurityAssociationView> items) {}
}
