package net.vpnaas.ike.config;

/**
 * How a connection's IKE and ESP cross NATs (RFC 7296 2.23, RFC 3948).
 *
 * @param forceUdpEncapsulation ESP in UDP 4500 even without a NAT on the path (e.g. through a
 *                              firewall that passes UDP but not IP protocol 50): we send a random
 *                              NAT_DETECTION_SOURCE_IP, so the peer sees us "behind a NAT", and
 *                              both sides move to port 4500 and encapsulate, as strongSwan's
 *                              {@code encap = yes} does
 */
public record NatTraversal(boolean forceUdpEncapsulation) {
    /** Encapsulation only where a NAT is detected. */
    public static final NatTraversal DEFAULT = new NatTraversal(false);
}
