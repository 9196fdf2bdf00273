package net.vpnaas.api.agent.telemetry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this replica writes agent telemetry (see {@link TelemetryWriter}).
 *
 * @param flushInterval how often the writer writes what arrived meanwhile: one statement for all
 *                      counters, so a longer interval means fewer, larger writes and staler counters
 * @param maxCounters   SAs with counters pending at most; beyond, the longest-pending one is dropped
 * @param maxEvents     SA events pending at most; beyond, the reporting stream waits
 * @param eventWait     how long a stream waits for room for an event before the event is dropped
 * @param counterWriters connections that write one interval's counters at once (each UPDATE runs on
 *                      one PostgreSQL core); at most this many pooled connections are taken
 */
@ConfigurationProperties("vpnaas.agent.telemetry")
public record TelemetryProperties(@DefaultValue("200ms") Duration flushInterval, @DefaultValue("200000") int maxCounters,
                                  @DefaultValue("100000") int maxEvents, @DefaultValue("2s") Duration eventWait,
                                  @DefaultValue("2") int counterWriters) {}
