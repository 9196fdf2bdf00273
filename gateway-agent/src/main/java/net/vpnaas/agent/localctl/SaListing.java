package net.vpnaas.agent.localctl;

import java.time.Instant;
import java.util.List;

/**
 * What {@code list-sas} shows, as it travels in JSON: every tunnel of the agent with its IKE SAs and
 * their Child SAs. SPIs are hex, as on the wire and in strongSwan's listings; times are absolute
 * (ISO-8601), null when they do not apply.
 */
public record SaListing(List<Tunnel> tunnels) {

    public SaListing {
        tunnels = List.copyOf(tunnels);
    }

    /**
     * @param startAction   "initiate" (set up, and set up again when it goes down) or "respond"
     * @param encapsulation "auto" (ESP in UDP where a NAT is detected) or "force_udp"
     */
    public record Tunnel(String name, String peer, String startAction, Dpd dpd, String encapsulation, List<IkeSa> ikeSas) {
        public Tunnel {
            ikeSas = List.copyOf(ikeSas);
        }
    }

    /**
     * The tunnel's dead peer detection: a probe after {@code intervalSeconds} of silence (0: none),
     * the peer dead when a probe or any request stays unanswered for {@code timeoutSeconds}, then
     * {@code action} (clear, hold, restart).
     */
    public record Dpd(int intervalSeconds, int timeoutSeconds, String action) {}

    /**
     * @param initiator whether we initiated this IKE SA (for a rekeyed one: the original initiator)
     * @param local     our address and port, e.g. {@code 192.0.2.1[500]}
     * @param quantumSafety what protects its keys against a quantum computer, e.g. {@code ML_KEM_768+PPK(ppk-a)}, or {@code none}
     * @param natDetected a NAT between us and the peer, so ESP travels in UDP
     * @param udpEncapsulationForced ESP in UDP without a NAT, as our policy forces it
     * @param transport "udp", or "tcp" when IKE and ESP travel on a TCP stream (RFC 9329)
     * @param lastHeardAt when the last message from the peer arrived
     * @param expiresAt when it is deleted unless a rekey replaced it by then (its lifetime)
     */
    public record IkeSa(String state, boolean initiator, String initiatorSpi, String responderSpi, String local,
                        String remote, String localId, String remoteId, String algorithms, String quantumSafety, boolean natDetected,
                        boolean udpEncapsulationForced, String transport, Instant lastHeardAt, Instant establishedAt, Instant rekeyAt, Instant expiresAt, List<ChildSa> childSas) {
        public IkeSa {
            childSas = List.copyOf(childSas);
        }
    }

    /**
     * @param inboundSpi the SPI we chose (the peer sends with it)
     * @param counters   the data path's, null if it does not hold the SA (any more)
     */
    public record ChildSa(int reqid, String state, String inboundSpi, String outboundSpi, String algorithms,
                          List<String> localTs, List<String> remoteTs, Instant installedAt, Instant rekeyAt,
                          Instant expiresAt, Counters counters) {
        public ChildSa {
            localTs = List.copyOf(localTs);
            remoteTs = List.copyOf(remoteTs);
        }
    }

    /**
     * Packet and byte counts of the inner traffic, and the packets dropped: replayed (outside or
     * already seen in the anti-replay window), failing the integrity check, or outside the selectors.
     *
     * @param lastInbound when the last packet arrived, null if none did
     */
    public record Counters(long bytesIn, long packetsIn, long bytesOut, long packetsOut, long replayDrops,
                           long integrityFailures, long selectorDrops, Instant lastInbound) {}
}
