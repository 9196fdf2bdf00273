package net.vpnaas.dataplane.worker;

import java.util.concurrent.atomic.LongAdder;

/** Drops and events that belong to no SA (the per-SA ones live in {@code ChildSa}). */
public final class DataPathCounters {
    final LongAdder truncated = new LongAdder();
    final LongAdder unknownSpi = new LongAdder();
    final LongAdder keepalives = new LongAdder();
    final LongAdder ikeMessages = new LongAdder();
    final LongAdder noPolicy = new LongAdder();
    final LongAdder noSa = new LongAdder();
    final LongAdder malformedOutbound = new LongAdder();
    final LongAdder tooBig = new LongAdder();
    final LongAdder bypassed = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final LongAdder internalErrors = new LongAdder();
    /** Datagrams the kernel handed over coalesced (UDP_GRO), each split into its segments. */
    final LongAdder coalescedDatagrams = new LongAdder();
    /** Decrypted UDP datagrams written to the TUN as part of a merged super-packet. */
    final LongAdder mergedUdpDatagrams = new LongAdder();
    /** ICMP Packet Too Big messages ignored because they quote no packet we sent recently. */
    private final LongAdder unverifiedPacketTooBig = new LongAdder();

    public void countUnverifiedPacketTooBig() {
        unverifiedPacketTooBig.increment();
    }

    /** A consistent-enough copy for telemetry and tests. */
    public record Snapshot(long truncated, long unknownSpi, long keepalives, long ikeMessages, long noPolicy,
                           long noSa, long malformedOutbound, long tooBig, long bypassed, long sendFailures,
                           long internalErrors, long coalescedDatagrams, long mergedUdpDatagrams,
                           long unverifiedPacketTooBig) {}

    public Snapshot snapshot() {
        return new Snapshot(truncated.sum(), unknownSpi.sum(), keepalives.sum(), ikeMessages.sum(), noPolicy.sum(),
                noSa.sum(), malformedOutbound.sum(), tooBig.sum(), bypassed.sum(), sendFailures.sum(), internalErrors.sum(),
                coalescedDatagrams.sum(), mergedUdpDatagrams.sum(), unverifiedPacketTooBig.sum());
    }
}
