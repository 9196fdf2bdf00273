package net.vpnaas.agent.radius;

/** No RADIUS server gave an authentic answer within the retransmissions to each. */
public final class RadiusUnavailableException extends Exception {
    public RadiusUnavailableException(String message) {
        super(message);
    }
}
