package net.vpnaas.ike.config;

import java.time.Duration;

/**
 * When to rekey. Each rekey is scheduled at {@code rekey} minus a random share of up to {@code jitter}
 * of it, so that the two peers (and many SAs) do not all rekey at the same instant. Zero disables.
 */
public record Lifetimes(Duration ikeRekey, Duration childRekey, double jitter) {
    public static final Lifetimes DEFAULT = new Lifetimes(Duration.ofHours(4), Duration.ofHours(1), 0.1);
    public static final Lifetimes NEVER = new Lifetimes(Duration.ZERO, Duration.ZERO, 0);

    public Lifetimes {
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter must be in [0, 1)");
    }
}
