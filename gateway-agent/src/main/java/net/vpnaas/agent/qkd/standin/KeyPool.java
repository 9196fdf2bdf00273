package net.vpnaas.agent.qkd.standin;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The key stream the two stand-in KMEs share: up to {@code capacity} keys ready, one more every
 * {@code refillInterval} (none: never refilled). A key the master SAE takes becomes pending for its
 * slave SAE, which may fetch it once. Counters say how many keys were handed out each way.
 */
final class KeyPool {
    /** A key taken by {@code master} for {@code slave}, not yet fetched. */
    record Pending(String master, String slave, byte[] key) {}

    private final int capacity;
    private final Duration refillInterval;
    private final LongSupplier nanoTime;
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, Pending> pending = new HashMap<>();
    private int ready;
    private long lastRefill;
    private long delivered;
    private long retrieved;

    KeyPool(int capacity, Duration refillInterval, LongSupplier nanoTime) {
        if (capacity < 0) throw new IllegalArgumentException("pool capacity " + capacity);
        this.capacity = capacity;
        this.refillInterval = refillInterval;
        this.nanoTime = nanoTime;
        this.ready = capacity;
        this.lastRefill = nanoTime.getAsLong();
    }

    /** Takes {@code number} keys of {@code bytes} bytes for {@code master} to share with {@code slave}; null when too few are ready. */
    synchronized Map<UUID, byte[]> take(String master, String slave, int number, int bytes) {
        refill();
        if (ready < number) return null;
        ready -= number;
        Map<UUID, byte[]> keys = new java.util.LinkedHashMap<>();
        for (int i = 0; i < number; i++) {
            byte[] key = new byte[bytes];
            random.nextBytes(key);
            UUID id = UUID.randomUUID();
            keys.put(id, key);
            pending.put(id, new Pending(master, slave, key));
        }
        delivered += number;
        return keys;
    }

    /**
     * The pending keys {@code ids} that {@code master} took for {@code slave}, removed, in order; null (and
     * nothing removed) when one of them is not such a key: unknown, fetched already, or another pair's.
     */
    synchronized java.util.List<byte[]> fetch(java.util.List<UUID> ids, String master, String slave) {
        for (UUID id : ids) {
            Pending p = pending.get(id);
            if (p == null || !p.master().equals(master) || !p.slave().equals(slave)) return null;
        }
        if (new java.util.HashSet<>(ids).size() != ids.size()) return null;
        retrieved += ids.size();
        return ids.stream().map(id -> pending.remove(id).key()).toList();
    }

    synchronized int ready() {
        refill();
        return ready;
    }

    int capacity() {
        return capacity;
    }

    /** Keys handed to master SAEs (enc_keys). */
    synchronized long delivered() {
        return delivered;
    }

    /** Keys handed to slave SAEs (dec_keys). */
    synchronized long retrieved() {
        return retrieved;
    }

    /** Empties the pool now, as if the QKD link had delivered nothing for a while (tests and demos). */
    synchronized void drain() {
        refill();
        ready = 0;
        lastRefill = nanoTime.getAsLong();
    }

    private void refill() {
        if (refillInterval.isZero()) return;
        long now = nanoTime.getAsLong();
        long added = (now - lastRefill) / refillInterval.toNanos();
        if (added <= 0) return;
        ready = (int) Math.min(capacity, ready + added);
        lastRefill += added * refillInterval.toNanos();
        if (ready == capacity) lastRefill = now;
    }
}
