package net.vpnaas.api.apikey;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import net.vpnaas.api.apikey.ApiKeyService.ActiveKey;

/**
 * API keys that passed verification against the database in the last {@link #TTL}, so that a
 * client's burst of requests does not pay a transaction (a pool checkout and two round trips)
 * each just to authenticate. Measured under 50 concurrent clients, that lookup was nearly half of all
 * connection checkouts.
 *
 * <p>An entry is keyed by key id and holds the SHA-256 of the secret that was verified; a token
 * hits only when its own secret hashes to the same value, so a wrong secret for a cached id still
 * fails (and goes to the database like any unknown token). Failures are never cached.
 *
 * <p>Staleness: revoking a key or deleting its tenant in this JVM removes it at once, and the
 * {@link #generation() generation} check keeps a lookup that raced with the revocation from
 * putting the old answer back. Another replica does not hear of it: there a revoked key keeps
 * working for at most {@link #TTL} after the revocation commits.
 */
final class VerifiedKeyCache {
    static final Duration TTL = Duration.ofSeconds(5);
    /** More live entries than this triggers a sweep of expired ones, so idle keys do not pile up. */
    private static final int SWEEP_ABOVE = 10_000;

    private record Entry(byte[] secretHash, ActiveKey key, long expiresAtNanos) {}

    private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final LongSupplier nanoClock;

    VerifiedKeyCache(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    Optional<ActiveKey> get(UUID keyId, byte[] secretHash) {
        Entry e = entries.get(keyId);
        if (e == null || nanoClock.getAsLong() - e.expiresAtNanos() >= 0 || !MessageDigest.isEqual(e.secretHash(), secretHash)) {
            return Optional.empty();
        }
        return Optional.of(e.key());
    }

    /** Read before looking a key up in the database; hand it back to {@link #put}. */
    long generation() {
        return generation.get();
    }

    /** Remembers a verified key, unless a key was forgotten since the lookup began at {@code generationBefore}. */
    void put(byte[] secretHash, ActiveKey key, long generationBefore) {
        long now = nanoClock.getAsLong();
        entries.put(key.id(), new Entry(secretHash, key, now + TTL.toNanos()));
        if (generation.get() != generationBefore) {
            entries.remove(key.id()); // raced with a revocation: the answer may be stale
        }
        if (entries.size() > SWEEP_ABOVE) {
            entries.values().removeIf(e -> now - e.expiresAtNanos() >= 0);
        }
    }

    void forget(UUID keyId) {
        generation.incrementAndGet();
        entries.remove(keyId);
    }

    void forgetTenant(UUID tenantId) {
        generation.incrementAndGet();
        entries.values().removeIf(e -> e.key().tenantId().equals(tenantId));
    }
}
