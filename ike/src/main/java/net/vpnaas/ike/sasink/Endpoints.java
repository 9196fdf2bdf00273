package net.vpnaas.ike.sasink;

import java.net.InetSocketAddress;

/**
 * Outer addresses of a Child SA. With {@code udpEncapsulation} ESP travels in UDP between these
 * socket addresses (normally port 4500 on both sides, RFC 3948); with {@code tcpEncapsulation} on
 * the TCP stream of its IKE SA, which these addresses name as {@code Datagram} does (RFC 9329);
 * otherwise as IP protocol 50 between the addresses (ports ignored).
 */
public record Endpoints(InetSocketAddress local, InetSocketAddress remote, boolean udpEncapsulation, boolean tcpEncapsulation) {
    /** Raw ESP or ESP in UDP. */
    public Endpoints(InetSocketAddress local, InetSocketAddress remote, boolean udpEncapsulation) {
        this(local, remote, udpEncapsulation, false);
    }
}
