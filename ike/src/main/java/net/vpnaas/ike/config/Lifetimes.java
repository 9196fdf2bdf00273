package net.vpnaas.ike.config;

import java.time.Duration;

/**
 * When SAs are rekeyed and when they expire, counted from when each SA was keyed. Each rekey is
 * scheduled at its {@code rekey} time minus a random share of up to {@code jitter} of it, so that the
 * two peers (and many SAs) do not all rekey at the same instant. At its lifetime, the hard limit, an SA
 * that was not replaced ends: a Child SA leaves the data path (the peer gets a Delete), an IKE SA is
 * deleted with its Child SAs. Zero disables a timer.
 */
public record Lifetimes(Duration ikeRekey, Duration ikeLifetime, Duration childRekey, Duration childLifetime, double jitter) {
    /** strongSwan's defaults: rekey after 4 h and 1 h, each SA lives 10 % longer than its rekey time. */
    public static final Lifetimes DEFAULT = new Lifetimes(Duration.ofHours(4), Duration.ofMinutes(264),
            Duration.ofHours(1), Duration.ofMinutes(66), 0.1);
    public static final Lifetimes NEVER = new Lifetimes(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);

    public Lifetimes {
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter must be in [0, 1)");
        check("IKE", ikeRekey, ikeLifetime);
        check("Child", childRekey, childLifetime);
    }

    private static void check(String sa, Duration rekey, Duration lifetime) {
        if (rekey.isNegative() || lifetime.isNegative()) throw new IllegalArgumentException(sa + " SA times must not be negative");
        if (!rekey.isZero() && !lifetime.isZero() && rekey.compareTo(lifetime) >= 0) {
            throw new IllegalArgumentException(sa + " SA rekey time " + rekey + " must come before its lifetime " + lifetime + " ends");
        }
    }
}
