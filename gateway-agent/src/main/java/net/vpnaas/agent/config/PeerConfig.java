package net.vpnaas.agent.config;

import java.net.InetAddress;
import java.util.Objects;

/** A remote IKE peer at an IP address; {@code ikeIdentity} is the identity it must present in IKE_AUTH. */
public record PeerConfig(String name, InetAddress address, String ikeIdentity, PeerAuthentication auth) {
    public PeerConfig {
        Objects.requireNonNull(name);
        Objects.requireNonNull(address);
        Objects.requireNonNull(ikeIdentity);
        Objects.requireNonNull(auth);
    }
}
