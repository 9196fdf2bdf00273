package net.vpnaas.ike.engine;

/**
 * Engine-wide settings.
 *
 * @param nattPort        our port for IKE and ESP after a NAT is detected (4500 in production)
 * @param cookieThreshold half-open IKE SAs above which IKE_SA_INIT must return our COOKIE (RFC 7296 2.6)
 */
public record EngineOptions(int nattPort, int cookieThreshold) {
    public static final EngineOptions DEFAULT = new EngineOptions(4500, 50);
}
