package net.vpnaas.model;

/**
 * A RADIUS server of a remote-access endpoint: its address (an IP literal: the agent must not depend on
 * DNS to let users in), its authentication port (default 1812) and the secret it shares with the
 * gateway, write-only like a PSK.
 */
public record RadiusServerSpec(String address, Integer port, String secret) {
    public static final int DEFAULT_PORT = 1812;
    /** RFC 2865 3 asks for at least 16 octets; a shorter secret makes the MD5-based hiding guessable. */
    public static final int MIN_SECRET_LENGTH = 16;

    public RadiusServerSpec withDefaults() {
        return new RadiusServerSpec(address, port == null ? DEFAULT_PORT : port, secret);
    }

    @Override
    public String toString() {
        return "RadiusServerSpec[" + address + ":" + port + ", secret hidden]";
    }
}
