package net.vpnaas.dataplane.sad;

import java.time.Instant;

/**
 * Counters of one Child SA. {@code lastInbound} is null until a packet arrived (DPD uses it).
 * Drops: replay (duplicate or too old), integrity (ICV did not verify), selector (decrypted
 * packet outside the SA's selectors), malformed (bad padding, next header or inner packet);
 * {@code dummyPackets} are next-header-59 packets (RFC 4303 2.6), dropped silently.
 */
public record SaUsage(long bytesIn, long packetsIn, long bytesOut, long packetsOut,
                      long replayDrops, long integrityFailures, long selectorDrops, long malformedDrops,
                      long dummyPackets, Instant lastInbound) {}
