package net.vpnaas.agent.radius;

/** Bytes that are not a well-formed RADIUS packet (RFC 2865 3, 5): the only refusal the decoder makes. */
public final class RadiusDecodeException extends Exception {
    public RadiusDecodeException(String message) {
        super(message);
    }
}
