package net.vpnaas.ike.sasink;

import java.time.Duration;

/**
 * Soft and hard limits of a Child SA. At the soft limit the data path reports SOFT so the engine
 * rekeys; at the hard limit it stops using the SA and reports HARD. Zero means no limit.
 */
public record SaLifetime(long softBytes, long hardBytes, long softPackets, long hardPackets,
                         Duration softTime, Duration hardTime) {
    public static final SaLifetime UNLIMITED = new SaLifetime(0, 0, 0, 0, Duration.ZERO, Duration.ZERO);
}
