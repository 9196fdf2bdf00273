package net.vpnaas.ike.engine;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The responder's half-open IKE SAs (an IKE_SA_INIT answered, IKE_AUTH not yet done) by initiator SPI
 * and address, counted globally, per address and per prefix so that the limits of {@link DefenceOptions}
 * hold. Memory is bounded by the global limit: a counter exists only while its source holds a half-open
 * IKE SA. Lookups (every IKE_SA_INIT retransmission) take no lock; admissions and removals, one per IKE SA,
 * take the table's.
 */
final class HalfOpenTable {

    record Key(long initiatorSpi, InetSocketAddress peer) {}

    /**
     * A source of IKE_SA_INITs at one of two widths: the address (IPv4 /32, IPv6 /64, which is one
     * host's or one subscriber's) and its prefix (IPv4 /24, IPv6 /48, one site's or one provider's pool).
     */
    record Source(boolean v6, int bits, long prefix) {
        static Source of(InetAddress a, boolean wide) {
            byte[] b = a.getAddress();
            if (a instanceof Inet4Address) {
                int bits = wide ? 24 : 32;
                long v = Integer.toUnsignedLong(ByteBuffer.wrap(b).getInt());
                return new Source(false, bits, v >>> (32 - bits));
            }
            int bits = wide ? 48 : 64;
            return new Source(true, bits, ByteBuffer.wrap(b).getLong() >>> (64 - bits));
        }
    }

    /** How an admission ended: the IKE SA joined, another joined for the same key first, or a limit refused it. */
    sealed interface Admission {
        record Admitted(IkeSession session) implements Admission {}

        record Raced(IkeSession existing) implements Admission {}

        record Refused(DropReason reason) implements Admission {}
    }

    private record Entry(Key key, Source address, Source prefix) {}

    private final Map<Key, IkeSession> byKey = new ConcurrentHashMap<>();
    private final Map<IkeSession, Entry> entries = new HashMap<>();
    private final Map<Source, Integer> counts = new HashMap<>();
    private volatile int size;

    IkeSession get(Key key) {
        return byKey.get(key);
    }

    int size() {
        return size;
    }

    /** Adds the IKE SA {@code create} makes unless a limit of {@code limits} (or {@code globalLimit}) is reached. */
    synchronized Admission admit(Key key, int globalLimit, DefenceOptions limits, Supplier<IkeSession> create) {
        IkeSession existing = byKey.get(key);
        if (existing != null) return new Admission.Raced(existing);
        if (size >= globalLimit) return new Admission.Refused(DropReason.HALF_OPEN_LIMIT);
        Source address = Source.of(key.peer().getAddress(), false);
        Source prefix = Source.of(key.peer().getAddress(), true);
        if (counts.getOrDefault(address, 0) >= limits.perAddressLimit()) return new Admission.Refused(DropReason.ADDRESS_LIMIT);
        if (counts.getOrDefault(prefix, 0) >= limits.perPrefixLimit()) return new Admission.Refused(DropReason.PREFIX_LIMIT);
        IkeSession s = create.get();
        byKey.put(key, s);
        entries.put(s, new Entry(key, address, prefix));
        counts.merge(address, 1, Integer::sum);
        counts.merge(prefix, 1, Integer::sum);
        size = entries.size();
        return new Admission.Admitted(s);
    }

    /** Forgets {@code s} if it is half-open; nothing otherwise. */
    synchronized void remove(IkeSession s) {
        Entry e = entries.remove(s);
        if (e == null) return;
        byKey.remove(e.key(), s);
        counts.computeIfPresent(e.address(), (k, n) -> n == 1 ? null : n - 1);
        counts.computeIfPresent(e.prefix(), (k, n) -> n == 1 ? null : n - 1);
        size = entries.size();
    }
}
