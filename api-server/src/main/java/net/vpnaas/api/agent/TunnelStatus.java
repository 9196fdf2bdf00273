package net.vpnaas.api.agent;

import net.vpnaas.model.agent.v1.SaEventKind;

/**
 * The state a tunnel is reported in, modelled on what managed VPNs show. UNKNOWN until an agent
 * reports; the last SA event decides the rest.
 */
public enum TunnelStatus {
    UNKNOWN, PROVISIONING, WAITING_FOR_PEER, NEGOTIATING, ESTABLISHED, NO_INCOMING_PACKETS,
    AUTHENTICATION_FAILED, PROPOSAL_MISMATCH, TS_MISMATCH, DOWN;

    public static TunnelStatus after(SaEventKind event) {
        return switch (event) {
            case IKE_UP -> NEGOTIATING;
            case CHILD_UP, REKEYED -> ESTABLISHED;
            case DOWN, DELETED -> DOWN;
            case AUTHENTICATION_FAILED -> AUTHENTICATION_FAILED;
            case PROPOSAL_MISMATCH -> PROPOSAL_MISMATCH;
            case TS_MISMATCH -> TS_MISMATCH;
            case CONNECTING -> NEGOTIATING;
            case AWAITING_PEER -> WAITING_FOR_PEER;
            case NO_INBOUND_TRAFFIC -> NO_INCOMING_PACKETS;
            case SA_EVENT_KIND_UNSPECIFIED, UNRECOGNIZED -> UNKNOWN;
        };
    }
}
