package net.vpnaas.api.agent.telemetry;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import net.vpnaas.api.agent.TunnelStatus;
import net.vpnaas.api.metrics.AgentMetrics;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one writer of agent telemetry on this replica. Streams only hand their batches to a
 * {@link TelemetryBuffer}; every {@code flushInterval} this thread writes what arrived meanwhile:
 * the SA events in arrival order in one transaction, then the latest counters of every SA with
 * one UPDATE over arrays (or a few at once, see {@code counterWriters}). So telemetry costs a few
 * connections and statements per interval however many agents report, and cannot crowd snapshot reads and REST requests out of
 * the connection pool (it did when every batch took a pooled connection on its gRPC thread).
 *
 * <p>Every write about a tunnel is guarded by "the tunnel belongs to the reporting gateway": an
 * agent can only ever describe its own gateway's tunnels, whatever ids it sends.
 */
@Component
public class TelemetryWriter implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TelemetryWriter.class);
    /** Below this many SAs per connection, a second statement costs more than it saves. */
    private static final int MIN_ROWS_PER_WRITER = 500;
    private static final String OWN_TUNNEL = " tunnel_id in (select id from tunnel where id = ? and gateway_id = ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AgentMetrics metrics;
    private final TelemetryProperties props;
    private final TelemetryBuffer buffer;
    // The writer thread and flush() callers: each drain is written before the next is taken, so
    // events reach the database in the order they arrived.
    private final ReentrantLock writing = new ReentrantLock();
    private volatile Thread thread;

    public TelemetryWriter(JdbcTemplate jdbc, PlatformTransactionManager transactions, AgentMetrics metrics, TelemetryProperties props) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.metrics = metrics;
        this.props = props;
        this.buffer = new TelemetryBuffer(props.maxCounters(), props.maxEvents(), props.eventWait(), metrics);
    }

    /** Queues a stream's batch; written within about one flush interval. May wait while the event queue is full. */
    public void submit(UUID gatewayId, TelemetryBatch batch) {
        try {
            buffer.add(gatewayId, batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes everything submitted before this call, now (tests; shutdown). */
    public void flush() {
        writing.lock();
        try {
            var pending = buffer.drain();
            if (!pending.isEmpty()) write(pending);
        } finally {
            writing.unlock();
        }
    }

    /**
     * Starts a write every flush interval, or at once when the previous write took longer: a slow
     * database then gets larger writes back to back rather than a pause after each.
     */
    private void run() {
        long interval = props.flushInterval().toNanos();
        long next = System.nanoTime() + interval;
        while (thread == Thread.currentThread()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            }
            next = Math.max(next, System.nanoTime()) + interval;
            try {
                flush();
            } catch (RuntimeException e) {
                log.error("writing telemetry failed", e);
            }
        }
    }

    private void write(TelemetryBuffer.Drained pending) {
        int applied = writeEvents(pending.events());
        int updated = writeCounters(pending.counters());
        metrics.telemetryWritten(pending.batches(), applied, updated);
    }

    /** @return events applied; one transaction, and event by event if that fails so one bad event costs only itself */
    private int writeEvents(List<TelemetryBuffer.Event> events) {
        if (events.isEmpty()) return 0;
        try {
            return transaction.execute(s -> {
                int applied = 0;
                for (var e : events) applied += apply(e) ? 1 : 0;
                return applied;
            });
        } catch (DataAccessException e) {
            log.warn("writing {} SA events in one transaction failed ({}); writing them one by one", events.size(), e.getMessage());
        }
        int applied = 0;
        for (var e : events) {
            try {
                applied += Boolean.TRUE.equals(transaction.execute(s -> apply(e))) ? 1 : 0;
            } catch (DataAccessException ex) {
                metrics.telemetryDropped(AgentMetrics.TelemetryKind.EVENT, "failed");
                log.error("SA event {} of tunnel {} could not be stored", e.event().getKind(), e.tunnelId(), ex);
            }
        }
        return applied;
    }

    /** @return whether the event was about one of the reporting gateway's tunnels (and so was applied) */
    private boolean apply(TelemetryBuffer.Event e) {
        UUID gatewayId = e.gatewayId(), tunnel = e.tunnelId();
        SaEvent event = e.event();
        long spiIn = Integer.toUnsignedLong(event.getChildSpiIn());
        if (event.getKind() == SaEventKind.DELETED && spiIn != 0) {
            // One Child SA gone (the old one after a rekey): the tunnel's state does not change.
            jdbc.update("delete from tunnel_sa where tunnel_id = ? and spi_in = ? and " + OWN_TUNNEL, tunnel, spiIn, tunnel, gatewayId);
            return true;
        }
        TunnelStatus status = TunnelStatus.after(event.getKind());
        Timestamp at = timestamp(event.getAtEpochMillis() == 0 ? System.currentTimeMillis() : event.getAtEpochMillis());
        int updated = jdbc.update("update tunnel set status = ? where id = ? and gateway_id = ?", status.name(), tunnel, gatewayId);
        if (updated == 0) {
            log.warn("gateway {} reported on tunnel {}, which is not one of its tunnels; ignored", gatewayId, tunnel);
            return false;
        }
        // Quantum safety and the transport come with IKE_UP (and the Child SA events of a newer IKE SA, which
        // report no IKE_UP) and hold while the IKE SA's keys (and its rekeyed successors') do; an IKE SA stays on
        // its transport for its life and its rekeys (RFC 9329).
        boolean carriesIkeSa = event.getKind() == SaEventKind.IKE_UP || event.getKind() == SaEventKind.CHILD_UP
                || event.getKind() == SaEventKind.REKEYED;
        String quantumSafety = carriesIkeSa && !event.getQuantumSafety().isEmpty() ? truncate(event.getQuantumSafety(), 200) : null;
        String transport = carriesIkeSa && !event.getTransport().isEmpty() ? truncate(event.getTransport(), 20) : null;
        boolean keyed = status == TunnelStatus.ESTABLISHED || status == TunnelStatus.NEGOTIATING
                || status == TunnelStatus.NO_INCOMING_PACKETS;
        boolean keepsIkeSa = keyed && event.getKind() != SaEventKind.CONNECTING;
        jdbc.update("""
                insert into tunnel_state (tunnel_id, status, reason, changed_at, updated_at, quantum_safety, transport)
                values (?, ?, ?, ?, now(), ?, ?)
                on conflict (tunnel_id) do update set
                  changed_at = case when tunnel_state.status = excluded.status then tunnel_state.changed_at else excluded.changed_at end,
                  status = excluded.status, reason = excluded.reason, updated_at = now(),
                  quantum_safety = case when excluded.quantum_safety is not null then excluded.quantum_safety
                                        when ? then tunnel_state.quantum_safety end,
                  transport = case when excluded.transport is not null then excluded.transport
                                   when ? then tunnel_state.transport end""",
                tunnel, status.name(), event.getReason().isEmpty() ? null : truncate(event.getReason(), 500), at, quantumSafety, transport,
                keepsIkeSa, keepsIkeSa);
        if (event.getKind() == SaEventKind.CHILD_UP || event.getKind() == SaEventKind.REKEYED) {
            jdbc.update("""
                    insert into tunnel_sa (tunnel_id, spi_in, spi_out, established_at, last_rekey_at, updated_at)
                    values (?, ?, ?, ?, ?, now()) on conflict do nothing""",
                    tunnel, spiIn, Integer.toUnsignedLong(event.getChildSpiOut()), at,
                    event.getKind() == SaEventKind.REKEYED ? at : null);
        } else if (status == TunnelStatus.DOWN || status == TunnelStatus.AUTHENTICATION_FAILED) {
            jdbc.update("delete from tunnel_sa where tunnel_id = ?", tunnel);
        }
        return true;
    }

    /**
     * One UPDATE runs on one PostgreSQL backend, so on one core: the SAs are split into
     * {@code counterWriters} contiguous runs of the sorted list (disjoint rows, each in lock order)
     * written at once on as many connections.
     *
     * @return SA rows updated: counters of SAs that do not exist (or not on the reporting gateway) update none
     */
    private int writeCounters(List<TelemetryBuffer.Counters> counters) {
        if (counters.isEmpty()) return 0;
        int parts = Math.max(1, Math.min(props.counterWriters(), counters.size() / MIN_ROWS_PER_WRITER));
        if (parts == 1) return writeCounterPart(counters);
        List<Future<Integer>> written = new ArrayList<>(parts);
        try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < parts; i++) {
                var part = counters.subList(counters.size() * i / parts, counters.size() * (i + 1) / parts);
                written.add(writers.submit(() -> writeCounterPart(part)));
            }
        }
        return written.stream().mapToInt(Future::resultNow).sum();
    }

    private int writeCounterPart(List<TelemetryBuffer.Counters> counters) {
        try {
            Integer updated = jdbc.execute((ConnectionCallback<Integer>) c -> updateCounters(c, counters));
            return updated == null ? 0 : updated;
        } catch (DataAccessException e) {
            // Counters are cumulative: the next report of each SA carries everything again.
            metrics.telemetryDropped(AgentMetrics.TelemetryKind.COUNTERS, "failed", counters.size());
            log.error("writing counters of {} SAs failed", counters.size(), e);
            return 0;
        }
    }

    /**
     * Updates the SAs' counters and, in the same statement, appends to the traffic history what
     * each tunnel carried since its SAs' previous reports (traffic_raw, see V17): every part of a
     * WITH sees the rows as they were before the statement, so {@code before} holds the previous
     * counters. A tunnel whose SAs report nothing new gets no row. Counters only grow while an SA
     * lives (a new SA starts at zero), so a smaller value is not traffic.
     */
    private static final String UPDATE_COUNTERS_AND_RECORD_TRAFFIC = """
            with u as (
              select * from unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                   ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                     as u(gateway_id, tunnel_id, spi_in, bytes_in, bytes_out, packets_in, packets_out, replay_drops,
                          integrity_failures, selector_drops, rekey_ms)
            ), before as (
              select s.tunnel_id, s.spi_in, s.bytes_in, s.bytes_out, s.packets_in, s.packets_out
                from tunnel_sa s join u on s.tunnel_id = u.tunnel_id and s.spi_in = u.spi_in
            ), updated as (
              update tunnel_sa s set bytes_in = u.bytes_in, bytes_out = u.bytes_out, packets_in = u.packets_in,
                packets_out = u.packets_out, replay_drops = u.replay_drops, integrity_failures = u.integrity_failures,
                selector_drops = u.selector_drops,
                last_rekey_at = coalesce(case when u.rekey_ms = 0 then null else to_timestamp(u.rekey_ms / 1000.0) end, s.last_rekey_at),
                updated_at = now()
              from u join tunnel t on t.id = u.tunnel_id and t.gateway_id = u.gateway_id
              where s.tunnel_id = u.tunnel_id and s.spi_in = u.spi_in
              returning s.tunnel_id, s.spi_in, s.bytes_in, s.bytes_out, s.packets_in, s.packets_out
            ), traffic as (
              insert into traffic_raw (tunnel_id, at, bytes_in, bytes_out, packets_in, packets_out)
              select n.tunnel_id, now(), sum(greatest(n.bytes_in - b.bytes_in, 0)), sum(greatest(n.bytes_out - b.bytes_out, 0)),
                     sum(greatest(n.packets_in - b.packets_in, 0)), sum(greatest(n.packets_out - b.packets_out, 0))
                from updated n join before b on b.tunnel_id = n.tunnel_id and b.spi_in = n.spi_in
               group by n.tunnel_id
              having sum(greatest(n.bytes_in - b.bytes_in, 0)) + sum(greatest(n.bytes_out - b.bytes_out, 0))
                   + sum(greatest(n.packets_in - b.packets_in, 0)) + sum(greatest(n.packets_out - b.packets_out, 0)) > 0
            )
            select count(*) from updated""";

    private static int updateCounters(Connection c, List<TelemetryBuffer.Counters> counters) throws SQLException {
        int n = counters.size();
        UUID[] gateway = new UUID[n], tunnel = new UUID[n];
        Long[] spi = new Long[n], bytesIn = new Long[n], bytesOut = new Long[n], packetsIn = new Long[n], packetsOut = new Long[n],
                replay = new Long[n], integrity = new Long[n], selector = new Long[n], rekeyMillis = new Long[n];
        for (int i = 0; i < n; i++) {
            var sa = counters.get(i).sa();
            TunnelCounters t = counters.get(i).counters();
            gateway[i] = sa.gatewayId();
            tunnel[i] = sa.tunnelId();
            spi[i] = sa.spiIn();
            bytesIn[i] = t.getBytesIn();
            bytesOut[i] = t.getBytesOut();
            packetsIn[i] = t.getPacketsIn();
            packetsOut[i] = t.getPacketsOut();
            replay[i] = t.getReplayDrops();
            integrity[i] = t.getIntegrityFailures();
            selector[i] = t.getSelectorDrops();
            rekeyMillis[i] = t.getLastRekeyEpochMillis();
        }
        try (PreparedStatement update = c.prepareStatement(UPDATE_COUNTERS_AND_RECORD_TRAFFIC)) {
            Object[][] columns = {gateway, tunnel, spi, bytesIn, bytesOut, packetsIn, packetsOut, replay, integrity, selector, rekeyMillis};
            for (int i = 0; i < columns.length; i++) {
                Array array = c.createArrayOf(i < 2 ? "uuid" : "int8", columns[i]);
                update.setArray(i + 1, array);
            }
            try (ResultSet updated = update.executeQuery()) {
                updated.next();
                return updated.getInt(1);
            }
        }
    }

    private static Timestamp timestamp(long epochMillis) {
        return epochMillis == 0 ? null : Timestamp.from(Instant.ofEpochMilli(epochMillis));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void start() {
        // Assigned before it runs: the loop lives as long as it is the current writer thread.
        Thread t = Thread.ofPlatform().daemon().name("telemetry-writer").unstarted(this::run);
        thread = t;
        t.start();
    }

    /** Stops the thread and writes what is still pending. */
    @Override
    public void stop() {
        Thread t = thread;
        thread = null;
        // Not interrupted: that could abort a write half-way (connection acquisition is interruptible);
        // the loop ends after its current sleep or write.
        if (t != null) {
            try {
                t.join(props.flushInterval().toMillis() + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("telemetry pending at shutdown was not written: {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** Starts before and stops after the agent endpoint, so no stream submits to a stopped writer. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }
}
