package net.vpnaas.ike.sasink;

import java.time.Instant;

/** Counters of one Child SA; {@code lastInbound} is null until a packet arrived (DPD uses it). */
public record ChildSaUsage(long bytesIn, long packetsIn, long bytesOut, long packetsOut,
                           long replayDrops, long integrityFailures, long selectorDrops,
                           Instant lastInbound) {}
