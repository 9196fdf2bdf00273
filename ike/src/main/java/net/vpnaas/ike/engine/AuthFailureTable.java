package net.vpnaas.ike.engine;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed IKE_AUTH attempts per source (the address width of {@link HalfOpenTable.Source}: IPv4 /32, IPv6
 * /64), so that an attacker who completes IKE_SA_INIT from its real address and then floods IKE_AUTH
 * (each one costing us a key derivation and an AUTH check, for a signature a public-key operation)
 * is shut out after a few failures, while a user who mistypes a secret once is not.
 *
 * <p>Each source has a score: a failure adds one, and one is forgiven per {@code forgiveEvery}, continuously.
 * A source may fail {@code limit} times in a row; while its score is above {@code limit - 1} (another
 * failure would take it past the limit) it is blocked: its IKE_SA_INIT requests are dropped and its
 * pending IKE_AUTH requests are not checked. So a blocked source may try again after about
 * {@code forgiveEvery}, and a steady attacker fails at most once per {@code forgiveEvery}. Spoofing cannot get a victim
 * blocked: a failure counts only for an IKE_AUTH that decrypted under the keys of an IKE_SA_INIT whose
 * response went to that address. Memory is bounded: at most {@code capacity} sources, the least recently
 * seen forgotten first. Thread-safe.
 */
final class AuthFailureTable {
    /** Guarded by this, as the scores are; changed by {@link #limits}. */
    private int limit;
    private long forgiveNanos;
    private final Map<HalfOpenTable.Source, Score> scores;

    /** A score as of {@code atNanos}; it decays from there. */
    private record Score(double value, long atNanos) {
        double at(long now, long forgiveNanos) {
            return Math.max(0, value - (double) (now - atNanos) / forgiveNanos);
        }
    }

    AuthFailureTable(int limit, java.time.Duration forgiveEvery, int capacity) {
        this.limit = limit;
        this.forgiveNanos = forgiveEvery.toNanos();
        this.scores = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<HalfOpenTable.Source, Score> eldest) {
                return size() > capacity;
            }
        };
    }

    /** New limits; the scores so far count against them, their decay reckoned at the new pace. */
    synchronized void limits(int limit, java.time.Duration forgiveEvery) {
        this.limit = limit;
        this.forgiveNanos = forgiveEvery.toNanos();
    }

    /** An IKE_AUTH from {@code source} failed to authenticate. */
    synchronized void failed(InetAddress source, long nowNanos) {
        HalfOpenTable.Source s = HalfOpenTable.Source.of(source, false);
        Score old = scores.get(s);
        scores.put(s, new Score((old == null ? 0 : old.at(nowNanos, forgiveNanos)) + 1, nowNanos));
    }

    /** Whether {@code source} has failed too often lately. */
    synchronized boolean blocked(InetAddress source, long nowNanos) {
        if (scores.isEmpty()) return false;
        Score s = scores.get(HalfOpenTable.Source.of(source, false));
        return s != null && s.at(nowNanos, forgiveNanos) > limit - 1;
    }
}
