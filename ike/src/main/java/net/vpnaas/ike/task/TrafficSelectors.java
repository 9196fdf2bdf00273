package net.vpnaas.ike.task;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.message.TrafficSelector.AddressRange;
import net.vpnaas.ike.sasink.TrafficSelector;

/** Conversion between the codec's TS entries and the SaSink's selectors, and narrowing (RFC 7296 2.9). */
public final class TrafficSelectors {

    private TrafficSelectors() {}

    public static List<net.vpnaas.ike.message.TrafficSelector> toWire(List<TrafficSelector> selectors) {
        List<net.vpnaas.ike.message.TrafficSelector> out = new ArrayList<>();
        for (TrafficSelector s : selectors) out.add(AddressRange.of(s.start(), s.end(), s.ipProtocol(), s.startPort(), s.endPort()));
        return out;
    }

    /** Address ranges only; other TS types (Fibre Channel, security labels) are ignored. */
    public static List<TrafficSelector> fromWire(List<net.vpnaas.ike.message.TrafficSelector> selectors) {
        List<TrafficSelector> out = new ArrayList<>();
        for (var s : selectors) {
            if (s instanceof AddressRange r) out.add(new TrafficSelector(r.start(), r.end(), r.ipProtocol(), r.startPort(), r.endPort()));
        }
        return out;
    }

    /** Every non-empty pairwise intersection of the peer's selectors with ours: the narrowed set. */
    public static List<TrafficSelector> narrow(List<TrafficSelector> theirs, List<TrafficSelector> ours) {
        List<TrafficSelector> out = new ArrayList<>();
        for (TrafficSelector a : theirs) {
            for (TrafficSelector b : ours) intersect(a, b).filter(x -> !out.contains(x)).ifPresent(out::add);
        }
        return out;
    }

    static Optional<TrafficSelector> intersect(TrafficSelector a, TrafficSelector b) {
        if (a.start().getAddress().length != b.start().getAddress().length) return Optional.empty();
        int proto;
        if (a.ipProtocol() == 0) proto = b.ipProtocol();
        else if (b.ipProtocol() == 0 || b.ipProtocol() == a.ipProtocol()) proto = a.ipProtocol();
        else return Optional.empty();
        int sp = Math.max(a.startPort(), b.startPort());
        int ep = Math.min(a.endPort(), b.endPort());
        if (sp > ep) return Optional.empty();
        BigInteger start = max(num(a.start()), num(b.start()));
        BigInteger end = min(num(a.end()), num(b.end()));
        if (start.compareTo(end) > 0) return Optional.empty();
        int len = a.start().getAddress().length;
        return Optional.of(new TrafficSelector(addr(start, len), addr(end, len), proto, sp, ep));
    }

    private static BigInteger num(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    private static BigInteger max(BigInteger a, BigInteger b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static BigInteger min(BigInteger a, BigInteger b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static InetAddress addr(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int skip = raw.length > len ? raw.length - len : 0;
        System.arraycopy(raw, skip, out, len - (raw.length - skip), raw.length - skip);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
