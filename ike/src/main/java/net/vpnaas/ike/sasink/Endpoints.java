package net.vpnaas.ike.sasink;

import java.net.InetSocketAddress;

/**
 * Outer addresses of a Child SA. With {@code udpEncapsulation} ESP travels in UDP between these
 * socket addresses (normally port 4500 on both sides, RFC 3948); without it, as IP protocol 50
 * between the addresses (ports ignored).
 */
public record Endpoints(InetSocketAddress local, InetSocketAddress remote, boolean udpEncapsulation) {}
