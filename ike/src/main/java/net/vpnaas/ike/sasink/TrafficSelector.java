package net.vpnaas.ike.sasink;

import java.net.InetAddress;

/**
 * An address range with an IP protocol and port range, as in a TS payload (RFC 7296 3.13.1).
 * {@code ipProtocol} 0 means any; ports 0..65535 mean any.
 */
public record TrafficSelector(InetAddress start, InetAddress end, int ipProtocol, int startPort, int endPort) {}
