package net.vpnaas.ike.engine;

import java.time.Duration;

/**
 * Engine-wide settings.
 *
 * @param nattPort        our port for IKE and ESP after a NAT is detected (4500 in production)
 * @param cookieThreshold half-open IKE SAs above which IKE_SA_INIT must return our COOKIE (RFC 7296 2.6)
 * @param halfOpenTimeout a responder IKE SA not authenticated by then is dropped, so that spoofed or
 *                        abandoned IKE_SA_INITs cannot pile up state
 * @param fragmentSize    the largest IP datagram (IP and UDP headers included) an IKE fragment may
 *                        fill (RFC 7383); 0 turns IKE fragmentation off (not announced, never sent)
 */
public record EngineOptions(int nattPort, int cookieThreshold, Duration halfOpenTimeout, int fragmentSize) {
    /**
     * Fragments of at most 1280 bytes for IPv4 and IPv6 alike, as strongSwan's default fragment_size.
     * RFC 7383 2.5.1 suggests 576 for IPv4, the minimum every IPv4 host must reassemble, but that
     * cuts an RSA certificate chain into three times as many fragments; 1280, the IPv6 minimum MTU,
     * passes unfragmented on practically every IPv4 path too, and matching the widest-deployed peer
     * means both directions behave alike in interop.
     */
    public static final int DEFAULT_FRAGMENT_SIZE = 1280;
    public static final EngineOptions DEFAULT = new EngineOptions(4500, 50, Duration.ofSeconds(30), DEFAULT_FRAGMENT_SIZE);

    public EngineOptions {
        if (fragmentSize != 0 && fragmentSize < 256) {
            throw new IllegalArgumentException("fragment size " + fragmentSize + ": 0 (off) or at least 256 bytes");
        }
    }

    public EngineOptions withNattPort(int port) {
        return new EngineOptions(port, cookieThreshold, halfOpenTimeout, fragmentSize);
    }

    public EngineOptions withCookieThreshold(int threshold) {
        return new EngineOptions(nattPort, threshold, halfOpenTimeout, fragmentSize);
    }

    public EngineOptions withFragmentSize(int size) {
        return new EngineOptions(nattPort, cookieThreshold, halfOpenTimeout, size);
    }
}
