package net.vpnaas.agent.config;

import java.net.InetAddress;
import java.util.Objects;

/** A remote IKE peer. {@code ikeIdentity} is the identity it must present (defaults to its address). */
public record PeerConfig(String name, InetAddress address, String ikeIdentity, PeerAuthentication authentication) {
    public PeerConfig {
        Objects.requireNonNull(name);
        Objects.requireNonNull(address);
        Objects.requireNonNull(ikeIdentity);
        Objects.requireNonNull(authentication);
    }
}
