package net.vpnaas.ike.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a connection's IKE and ESP cross NATs (RFC 7296 2.23, RFC 3948) and middleboxes that drop
 * UDP (RFC 9329).
 *
 * @param forceUdpEncapsulation ESP in UDP 4500 even without a NAT on the path (e.g. through a
 *                              firewall that passes UDP but not IP protocol 50): we send a random
 *                              NAT_DETECTION_SOURCE_IP, so the peer sees us "behind a NAT", and
 *                              both sides move to port 4500 and encapsulate, as strongSwan's
 *                              {@code encap = yes} does
 * @param keepaliveInterval     behind a NAT (ours), a one-byte NAT keepalive (RFC 3948 2.3) goes to the
 *                              peer's port 4500 this often, so the NAT keeps our mapping while no
 *                              traffic flows; zero sends none (and none go over TCP, which keeps its own)
 * @param transport             UDP, TCP or UDP with a fallback to TCP, for IKE SAs we initiate
 */
public record NatTraversal(boolean forceUdpEncapsulation, Duration keepaliveInterval, IkeTransportPolicy transport) {
    /** Encapsulation only where a NAT is detected; keepalives every 20 s, as strongSwan's keep_alive; UDP. */
    public static final NatTraversal DEFAULT = new NatTraversal(false, Duration.ofSeconds(20));

    public NatTraversal {
        if (keepaliveInterval.isNegative()) throw new IllegalArgumentException("keepalive interval must not be negative");
        Objects.requireNonNull(transport);
    }

    /** Over UDP only. */
    public NatTraversal(boolean forceUdpEncapsulation, Duration keepaliveInterval) {
        this(forceUdpEncapsulation, keepaliveInterval, IkeTransportPolicy.UDP);
    }
}
