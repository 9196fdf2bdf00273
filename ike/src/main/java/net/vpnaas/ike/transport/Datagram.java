package net.vpnaas.ike.transport;

import java.net.InetSocketAddress;

/**
 * One IKE message on the wire between two socket addresses. {@code data} starts at the IKE header:
 * the transport adds and strips the non-ESP marker of port 4500 (RFC 3948 2.2).
 */
public record Datagram(InetSocketAddress local, InetSocketAddress remote, byte[] data) {}
