package net.vpnaas.agent.radius;

import java.net.InetSocketAddress;
import java.util.Objects;

/** A RADIUS authentication server and the secret it shares with this client (RFC 2865 3). */
public record RadiusServer(InetSocketAddress address, byte[] secret) {
    public RadiusServer {
        Objects.requireNonNull(address);
        if (secret.length == 0) throw new IllegalArgumentException("empty RADIUS secret for " + address);
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "RADIUS " + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
