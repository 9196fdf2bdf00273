package net.vpnaas.ike.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What a responder gives remote-access clients through the CP payload (RFC 7296 2.19, 3.15): a
 * virtual IP from {@code pool} (its Child SA then carries that address), the DNS servers, and the
 * networks behind us (the connection's local selectors, as INTERNAL_IP4/6_SUBNET and as TSr), which
 * a client routes into the tunnel instead of everything (split tunnel).
 */
public record RemoteAccess(VirtualAddressPool pool, List<InetAddress> dns) {
    /** A connection that assigns nothing. */
    public static final RemoteAccess NONE = new RemoteAccess(VirtualAddressPool.NONE, List.of());

    public RemoteAccess {
        Objects.requireNonNull(pool);
        dns = List.copyOf(dns);
    }
}
