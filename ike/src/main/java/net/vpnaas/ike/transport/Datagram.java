package net.vpnaas.ike.transport;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One IKE message on the wire between two socket addresses. {@code data} starts at the IKE header:
 * the transport adds and strips the non-ESP marker of port 4500 (RFC 3948 2.2) and, over TCP, the
 * stream's framing (RFC 9329). Over {@link Carrier#TCP} the remote address names the stream: the
 * peer's listening address on the side that connects, the peer's end of the connection on the side
 * that accepted it.
 */
public record Datagram(InetSocketAddress local, InetSocketAddress remote, byte[] data, Carrier carrier) {
    public Datagram {
        Objects.requireNonNull(carrier);
    }

    /** A UDP datagram. */
    public Datagram(InetSocketAddress local, InetSocketAddress remote, byte[] data) {
        this(local, remote, data, Carrier.UDP);
    }
}
