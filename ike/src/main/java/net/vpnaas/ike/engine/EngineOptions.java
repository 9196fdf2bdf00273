package net.vpnaas.ike.engine;

import java.time.Duration;
import net.vpnaas.ike.config.HighAvailability;
import net.vpnaas.ike.qcd.QuickCrashDetection;

/**
 * Engine-wide settings.
 *
 * @param nattPort        our port for IKE and ESP after a NAT is detected (4500 in production)
 * @param cookieThreshold half-open IKE SAs above which IKE_SA_INIT must return our COOKIE (RFC 7296 2.6)
 * @param halfOpenTimeout a responder IKE SA not authenticated by then is dropped, so that spoofed or
 *                        abandoned IKE_SA_INITs cannot pile up state
 * @param defence         the defences beyond the COOKIE: puzzles, half-open limits, the cookie secret's life
 * @param qcd             quick crash detection (RFC 6290); its token secrets are what a cluster's members share
 * @param highAvailability what of RFC 6311 this engine announces (as a cluster, or as the peer of one)
 */
public record EngineOptions(int nattPort, int cookieThreshold, Duration halfOpenTimeout, DefenceOptions defence,
                            QuickCrashDetection qcd, HighAvailability highAvailability) {
    public static final EngineOptions DEFAULT = new EngineOptions(4500, 50, Duration.ofSeconds(30));

    public EngineOptions {
        if (cookieThreshold < 0 || cookieThreshold > defence.puzzleThreshold()) {
            throw new IllegalArgumentException("want 0 <= cookieThreshold <= the puzzle threshold " + defence.puzzleThreshold());
        }
    }

    public EngineOptions(int nattPort, int cookieThreshold, Duration halfOpenTimeout, DefenceOptions defence) {
        this(nattPort, cookieThreshold, halfOpenTimeout, defence, QuickCrashDetection.OFF, HighAvailability.OFF);
    }

    public EngineOptions(int nattPort, int cookieThreshold, Duration halfOpenTimeout) {
        this(nattPort, cookieThreshold, halfOpenTimeout, DefenceOptions.DEFAULT);
    }

    public EngineOptions withNattPort(int port) {
        return new EngineOptions(port, cookieThreshold, halfOpenTimeout, defence, qcd, highAvailability);
    }

    public EngineOptions withCookieThreshold(int threshold) {
        return new EngineOptions(nattPort, threshold, halfOpenTimeout, defence, qcd, highAvailability);
    }

    public EngineOptions withDefence(DefenceOptions d) {
        return new EngineOptions(nattPort, cookieThreshold, halfOpenTimeout, d, qcd, highAvailability);
    }

    /** Both together: a new cookie threshold may be valid only with the new puzzle threshold, or the reverse. */
    public EngineOptions withDefence(int threshold, DefenceOptions d) {
        return new EngineOptions(nattPort, threshold, halfOpenTimeout, d, qcd, highAvailability);
    }

    public EngineOptions withHighAvailability(HighAvailability h) {
        return new EngineOptions(nattPort, cookieThreshold, halfOpenTimeout, defence, qcd, h);
    }

    public EngineOptions withQuickCrashDetection(QuickCrashDetection q) {
        return new EngineOptions(nattPort, cookieThreshold, halfOpenTimeout, defence, q, highAvailability);
    }
}
