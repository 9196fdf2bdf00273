package net.vpnaas.dataplane.spd;

import java.util.ArrayList;
import java.util.List;
import net.vpnaas.dataplane.ip.PacketFields;

/**
 * The security policy database: which reqid protects an outbound packet, and whether an inbound
 * packet decrypted by an SA of some reqid was allowed to travel through it. Reads are lock-free
 * on an immutable snapshot; installs and removals (rare, from IKE threads) copy it.
 */
public final class Spd {
    public static final int NO_MATCH = -1;

    private record Entry(TrafficPolicy policy, List<SelectorMatcher> local, List<SelectorMatcher> remote) {}

    private volatile Entry[] entries = new Entry[0];

    public synchronized void install(TrafficPolicy policy) {
        List<Entry> next = new ArrayList<>(List.of(entries));
        next.removeIf(e -> e.policy.equals(policy));
        next.add(new Entry(policy,
                policy.local().stream().map(SelectorMatcher::new).toList(),
                policy.remote().stream().map(SelectorMatcher::new).toList()));
        entries = next.toArray(Entry[]::new);
    }

    public synchronized void remove(TrafficPolicy policy) {
        List<Entry> next = new ArrayList<>(List.of(entries));
        next.removeIf(e -> e.policy.equals(policy));
        entries = next.toArray(Entry[]::new);
    }

    /** The reqid of the first policy whose local side matches the source and remote side the destination. */
    public int lookupOutbound(PacketFields p) {
        for (Entry e : entries) {
            if (any(e.local, p, p.srcHigh, p.srcLow, p.srcPort) && any(e.remote, p, p.dstHigh, p.dstLow, p.dstPort)) {
                return e.policy.reqid();
            }
        }
        return NO_MATCH;
    }

    /** True if a policy of {@code reqid} covers this decrypted packet travelling from remote to local. */
    public boolean allowsInbound(int reqid, PacketFields p) {
        for (Entry e : entries) {
            if (e.policy.reqid() == reqid
                    && any(e.remote, p, p.srcHigh, p.srcLow, p.srcPort) && any(e.local, p, p.dstHigh, p.dstLow, p.dstPort)) {
                return true;
            }
        }
        return false;
    }

    private static boolean any(List<SelectorMatcher> selectors, PacketFields p, long high, long low, int port) {
        for (SelectorMatcher s : selectors) {
            if (s.matches(p, high, low, port)) return true;
        }
        return false;
    }
}
