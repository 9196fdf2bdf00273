package net.vpnaas.ike.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.QuantumSafety;
import net.vpnaas.ike.transport.Carrier;

/**
 * What one IKE SA looks like at one moment, for an operator's listing: read on the IKE SA's own
 * thread, so its fields agree with each other.
 *
 * @param algorithms    the negotiated transforms, empty before IKE_SA_INIT completed
 * @param remoteId      the identity the peer proved, or the expected one before IKE_AUTH
 * @param natDetected   a NAT between us and the peer (ours or theirs, as NAT detection saw it; a
 *                      peer that forces UDP encapsulation looks like one): ESP travels in UDP
 * @param udpEncapsulationForced our connection forces ESP into UDP without a NAT (force_udp)
 * @param carrier       UDP, or the TCP stream (RFC 9329) that carries IKE and ESP
 * @param quantumSafety what protects the keys against a quantum computer (ML-KEM, PPK), rekeyed predecessors included
 * @param lastHeardAt   when the last message from the peer arrived (what dead peer detection goes by)
 * @param establishedAt null until IKE_AUTH completed (for a rekeyed IKE SA: when the rekey completed)
 * @param rekeyAt       when this IKE SA is due to be rekeyed, null when no rekey is scheduled
 * @param expiresAt     when it is deleted if no rekey replaced it by then, null without a lifetime
 * @param virtualAddress the address assigned to the peer through CP (a remote-access client's virtual IP), null when none
 */
public record IkeSaView(String connection, IkeSa.State state, boolean originalInitiator, long initiatorSpi,
                        long responderSpi, InetSocketAddress local, InetSocketAddress remote, String localId,
                        String remoteId, String algorithms, boolean natDetected, boolean udpEncapsulationForced,
                        Carrier carrier, QuantumSafety quantumSafety, Instant lastHeardAt, Instant establishedAt, Instant rekeyAt, Instant expiresAt,
                        List<ChildSaView> children, InetAddress virtualAddress) {
    public IkeSaView {
        children = List.copyOf(children);
    }
}
