package net.vpnaas.dataplane.sad;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Outer addresses of a Child SA: with {@code udpEncapsulation} ESP travels in UDP between these
 * socket addresses (RFC 3948); with {@code tcpEncapsulation} on the TCP stream between them (RFC
 * 9329), which its IKE SA uses too; otherwise as IP protocol 50 between the addresses (ports ignored).
 */
public record OuterEndpoints(InetSocketAddress local, InetSocketAddress remote, boolean udpEncapsulation,
                             boolean tcpEncapsulation) {
    public OuterEndpoints {
        Objects.requireNonNull(local);
        Objects.requireNonNull(remote);
        if (local.getAddress().getClass() != remote.getAddress().getClass()) {
            throw new IllegalArgumentException("outer endpoints of different families: " + local + " " + remote);
        }
        if (udpEncapsulation && tcpEncapsulation) throw new IllegalArgumentException("ESP in UDP and in TCP at once");
    }

    /** Raw ESP or ESP in UDP. */
    public OuterEndpoints(InetSocketAddress local, InetSocketAddress remote, boolean udpEncapsulation) {
        this(local, remote, udpEncapsulation, false);
    }
}
