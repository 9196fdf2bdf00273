package net.vpnaas.dataplane.sad;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The security association database: inbound SAs by SPI, outbound SAs by reqid with the newest
 * one in use (make-before-break: a rekeyed SA added under the same reqid takes over outbound
 * traffic at once while the old one keeps decrypting until it is deleted).
 */
public final class Sad {
    private static final long ACQUIRE_INTERVAL_NANOS = 1_000_000_000L;

    private final Map<Integer, ChildSa> byInboundSpi = new ConcurrentHashMap<>();
    private final Map<Integer, List<ChildSa>> byReqid = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastAcquire = new ConcurrentHashMap<>();
    private final Map<Integer, InheritedCounters> inherited = new ConcurrentHashMap<>();
    private final SaEventListener listener;

    public Sad(SaEventListener listener) {
        this.listener = listener;
    }

    /** Installs a Child SA; fails if its inbound SPI is already installed. */
    public ChildSa add(ChildSaConfig config, OuterRoute route, int configuredMtu) {
        int spi = (int) config.inbound().spi();
        // Inherited counters are in place before the SA is visible to a worker: its first packet already continues them.
        ChildSa sa = new ChildSa(config, route, configuredMtu, listener, inherited.remove(spi));
        if (byInboundSpi.putIfAbsent(spi, sa) != null) {
            throw new IllegalArgumentException("inbound SPI %08x already installed".formatted(config.inbound().spi()));
        }
        byReqid.computeIfAbsent(config.reqid(), r -> new CopyOnWriteArrayList<>()).add(sa);
        return sa;
    }

    /**
     * Counters another cluster member left, by inbound SPI: an SA installed here later starts with them, one
     * installed already continues from them (its sequence numbers only move up). Replaces what was inherited
     * before and not yet installed.
     */
    public void inherit(Map<Long, InheritedCounters> bySpi) {
        inherited.clear();
        bySpi.forEach((spi, counters) -> {
            ChildSa sa = byInboundSpi.get(spi.intValue());
            if (sa != null) sa.inherit(counters);
            else inherited.put(spi.intValue(), counters);
        });
    }

    /** Removes the SA; unknown SPI is a no-op. */
    public void delete(long inboundSpi) {
        ChildSa sa = byInboundSpi.remove((int) inboundSpi);
        if (sa == null) return;
        byReqid.computeIfPresent(sa.reqid(), (r, list) -> {
            list.remove(sa);
            return list.isEmpty() ? null : list;
        });
    }

    public void moveTo(long inboundSpi, OuterRoute route) {
        ChildSa sa = byInboundSpi.get((int) inboundSpi);
        if (sa == null) throw new IllegalArgumentException("no SA with inbound SPI %08x".formatted(inboundSpi));
        sa.moveTo(route);
    }

    /** The SA decrypting packets with this SPI (the 32 bits as carried on the wire), or null. */
    public ChildSa inbound(int spi) {
        return byInboundSpi.get(spi);
    }

    public Optional<ChildSa> byInboundSpi(long spi) {
        return Optional.ofNullable(byInboundSpi.get((int) spi));
    }

    /** The newest unexpired SA of {@code reqid}, or null (then an acquire is raised, rate-limited). */
    public ChildSa outbound(int reqid) {
        List<ChildSa> list = byReqid.get(reqid);
        ChildSa newest = null;
        if (list != null) {
            for (ChildSa sa : list) { // a snapshot: IKE threads may add or delete meanwhile
                if (!sa.isExpired()) newest = sa;
            }
        }
        if (newest == null) acquire(reqid);
        return newest;
    }

    private void acquire(int reqid) {
        long now = System.nanoTime();
        Long last = lastAcquire.get(reqid);
        if (last != null && now - last < ACQUIRE_INTERVAL_NANOS) return;
        lastAcquire.put(reqid, now);
        listener.acquire(reqid);
    }

    /** Applies time lifetimes at {@code nowNanos} ({@link System#nanoTime()}); called about once a second. */
    public void tick(long nowNanos) {
        byInboundSpi.values().forEach(sa -> sa.checkTime(nowNanos));
    }

    public List<ChildSa> all() {
        return List.copyOf(byInboundSpi.values());
    }
}
