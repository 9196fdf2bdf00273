package net.vpnaas.ike.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A {@link VirtualAddressPool} over one range of addresses per family, in memory: a lease takes the
 * lowest free address, so a restarted pool hands out the same sequence again (what is leased across
 * restarts and agents is the control plane's business, not this class's).
 */
public final class AddressRangePool implements VirtualAddressPool {
    private static final Logger LOG = Logger.getLogger(AddressRangePool.class.getName());

    private final Optional<Range> v4;
    private final Optional<Range> v6;
    private final Map<InetAddress, String> leased = new HashMap<>();

    /** An inclusive range of one family. */
    public record Range(InetAddress first, InetAddress last) {
        public Range {
            if (first.getAddress().length != last.getAddress().length) throw new IllegalArgumentException("range over two families");
            if (number(first).compareTo(number(last)) > 0) throw new IllegalArgumentException("range " + first + " after " + last);
        }

        boolean ipv6() {
            return first.getAddress().length == 16;
        }
    }

    public AddressRangePool(Optional<Range> v4, Optional<Range> v6) {
        if (v4.map(Range::ipv6).orElse(false) || !v6.map(Range::ipv6).orElse(true)) throw new IllegalArgumentException("ranges of the wrong family");
        this.v4 = v4;
        this.v6 = v6;
    }

    @Override
    public synchronized Optional<InetAddress> lease(String owner, boolean ipv6) {
        Optional<Range> range = ipv6 ? v6 : v4;
        if (range.isEmpty()) return Optional.empty();
        BigInteger last = number(range.get().last());
        for (BigInteger n = number(range.get().first()); n.compareTo(last) <= 0; n = n.add(BigInteger.ONE)) {
            InetAddress a = address(n, ipv6 ? 16 : 4);
            if (!leased.containsKey(a)) {
                leased.put(a, owner);
                LOG.info(() -> "virtual IP " + a.getHostAddress() + " leased to " + owner);
                return Optional.of(a);
            }
        }
        LOG.warning(() -> "no virtual IP left for " + owner + " in " + range.get());
        return Optional.empty();
    }

    @Override
    public synchronized boolean reserve(InetAddress address, String owner) {
        boolean v6 = address.getAddress().length == 16;
        Optional<Range> range = v6 ? this.v6 : v4;
        BigInteger n = number(address);
        if (range.isEmpty() || n.compareTo(number(range.get().first())) < 0 || n.compareTo(number(range.get().last())) > 0) return false;
        if (leased.containsKey(address)) return false;
        leased.put(address, owner);
        LOG.info(() -> "virtual IP " + address.getHostAddress() + " reserved for " + owner + ", taken over");
        return true;
    }

    @Override
    public synchronized void release(InetAddress address) {
        String owner = leased.remove(address);
        if (owner != null) LOG.info(() -> "virtual IP " + address.getHostAddress() + " of " + owner + " released");
    }

    /** How many addresses are leased now. */
    public synchronized int leasedCount() {
        return leased.size();
    }

    private static BigInteger number(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    private static InetAddress address(BigInteger n, int length) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AddressRangePool[" + v4.map(Object::toString).orElse("") + " " + v6.map(Object::toString).orElse("") + "]";
    }
}
