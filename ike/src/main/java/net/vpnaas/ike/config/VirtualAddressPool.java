package net.vpnaas.ike.config;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Where remote-access clients' virtual IP addresses come from (RFC 7296 3.15 CFG_REPLY). An address is
 * leased to one IKE SA at a time: never handed out again until released.
 */
public interface VirtualAddressPool {

    /** No addresses: the connection assigns none. */
    VirtualAddressPool NONE = new VirtualAddressPool() {
        @Override
        public Optional<InetAddress> lease(String owner, boolean ipv6) {
            return Optional.empty();
        }

        @Override
        public boolean reserve(InetAddress address, String owner) {
            return false;
        }

        @Override
        public void release(InetAddress address) {}

        @Override
        public String toString() {
            return "no pool";
        }
    };

    /** A free address of the family for {@code owner} (the authenticated user, for logs), or empty when none is left. */
    Optional<InetAddress> lease(String owner, boolean ipv6);

    /**
     * Takes {@code address} for {@code owner} as another cluster member leased it (an IKE SA taken over):
     * false when it is not in this pool or already leased to another IKE SA.
     */
    boolean reserve(InetAddress address, String owner);

    /** {@code address} is free again (its IKE SA is gone). */
    void release(InetAddress address);
}
