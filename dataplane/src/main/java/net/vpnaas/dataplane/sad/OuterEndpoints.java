package net.vpnaas.dataplane.sad;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Outer addresses of a Child SA: with {@code udpEncapsulation} ESP travels in UDP between these
 * socket addresses (RFC 3948); otherwise as IP protocol 50 between the addresses (ports ignored).
 */
public record OuterEndpoints(InetSocketAddress local, InetSocketAddress remote, boolean udpEncapsulation) {
    public OuterEndpoints {
        Objects.requireNonNull(local);
        Objects.requireNonNull(remote);
        if (local.getAddress().getClass() != remote.getAddress().getClass()) {
            throw new IllegalArgumentException("outer endpoints of different families: " + local + " " + remote);
        }
    }
}
