package net.vpnaas.dataplane.sad;

import java.time.Duration;

/**
 * Soft and hard limits of a Child SA, counted per direction. At the soft limit the data path
 * reports SOFT (the engine rekeys); at the hard limit it stops using the SA and reports HARD.
 * Zero means no limit.
 */
public record Lifetime(long softBytes, long hardBytes, long softPackets, long hardPackets,
                       Duration softTime, Duration hardTime) {
    public static final Lifetime UNLIMITED = new Lifetime(0, 0, 0, 0, Duration.ZERO, Duration.ZERO);
}
