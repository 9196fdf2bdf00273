package net.vpnaas.ike.engine;

import net.vpnaas.ike.sa.QuantumSafety;
import net.vpnaas.ike.transport.Carrier;

/**
 * What happened to a connection's SAs, for whoever reports tunnel state (the gateway agent streams
 * these to the control plane). Events come from the IKE SA threads, several at once, in order per
 * IKE SA; listeners must not block.
 */
public sealed interface EngineEvent {

    /** The connection (tunnel) the event is about. */
    String connection();

    /** Why a negotiation was refused, by us or by the peer, as the notify said. */
    enum Failure {
        AUTHENTICATION,
        PROPOSAL,
        TRAFFIC_SELECTORS
    }

    /** An IKE SA finished IKE_AUTH; {@code carrier}: over UDP, or over a TCP stream (RFC 9329). */
    record IkeUp(String connection, long initiatorSpi, long responderSpi, QuantumSafety quantumSafety, Carrier carrier)
            implements EngineEvent {
        /** Over UDP. */
        public IkeUp(String connection, long initiatorSpi, long responderSpi, QuantumSafety quantumSafety) {
            this(connection, initiatorSpi, responderSpi, quantumSafety, Carrier.UDP);
        }
    }

    /** An IKE SA was rekeyed: these are the SPIs of the new one, which took over the Child SAs. */
    record IkeRekeyed(String connection, long initiatorSpi, long responderSpi) implements EngineEvent {}

    /**
     * An IKE SA (not replaced by a rekey) is gone with its Child SAs.
     *
     * @param failure        the refusal that ended it, if one did
     * @param otherIkeSaUp   another established IKE SA of the connection remains (make-before-break)
     * @param peerDead       the peer stopped answering; the engine took the connection's DPD action
     */
    record IkeDown(String connection, long initiatorSpi, long responderSpi, String reason, Failure failure,
                   boolean otherIkeSaUp, boolean peerDead) implements EngineEvent {}

    /** A Child SA was installed; {@code rekey} when it replaces one of the same connection. */
    record ChildUp(String connection, long inboundSpi, long outboundSpi, boolean rekey) implements EngineEvent {}

    /** A Child SA was removed (after a rekey, a Delete, or with its IKE SA). */
    record ChildDown(String connection, long inboundSpi, long outboundSpi) implements EngineEvent {}

    /** A notify refused a negotiation; the IKE SA may live on (a refused Child SA) or be ended by it. */
    record NegotiationFailed(String connection, Failure failure, String detail) implements EngineEvent {}
}
