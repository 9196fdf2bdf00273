package net.vpnaas.dataplane.stream;

import java.util.concurrent.atomic.LongAdder;

/** What happened on the TCP-encapsulated streams (RFC 9329) since the start; drops by reason. */
public final class StreamCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder refusedPerAddress = new LongAdder();
    final LongAdder refusedTotal = new LongAdder();
    final LongAdder badPrefix = new LongAdder();
    final LongAdder badLength = new LongAdder();
    final LongAdder prefixTimeouts = new LongAdder();
    final LongAdder stalledFrames = new LongAdder();
    final LongAdder runts = new LongAdder();
    final LongAdder sendDrops = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder ikeFrames = new LongAdder();
    final LongAdder espFrames = new LongAdder();

    /**
     * @param refusedPerAddress connections closed at once: their source address had too many already
     * @param refusedTotal      connections closed at once: the gateway had too many already
     * @param badPrefix         streams closed because they did not start with {@code IKETCP}
     * @param badLength         streams closed for a Length field below 2 (no frame can follow)
     * @param prefixTimeouts    streams closed because the prefix did not come in time
     * @param stalledFrames     streams closed because a started frame did not complete in time
     * @param runts             frames too short to be ESP or IKE, skipped
     * @param sendDrops         frames we did not send: no connection, or its send buffer full
     * @param resets            connections that ended under us (reset, closed by the peer)
     * @param reconnects        connections we originated again after one ended
     */
    public record Snapshot(long accepted, long refusedPerAddress, long refusedTotal, long badPrefix, long badLength,
                           long prefixTimeouts, long stalledFrames, long runts, long sendDrops, long resets,
                           long reconnects, long ikeFrames, long espFrames) {}

    public Snapshot snapshot() {
        return new Snapshot(accepted.sum(), refusedPerAddress.sum(), refusedTotal.sum(), badPrefix.sum(), badLength.sum(),
                prefixTimeouts.sum(), stalledFrames.sum(), runts.sum(), sendDrops.sum(), resets.sum(), reconnects.sum(),
                ikeFrames.sum(), espFrames.sum());
    }
}
