package net.vpnaas.api.agent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.vpnaas.api.metrics.AgentMetrics;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agent reports in PostgreSQL, so every replica answers the API alike. Every write about a tunnel
 * is guarded by "the tunnel belongs to the reporting gateway": an agent can only ever describe its
 * own gateway's tunnels, whatever ids it sends.
 */
@Component
public class JdbcAgentStatusStore implements AgentStatusStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcAgentStatusStore.class);
    private static final String OWN_TUNNEL = " tunnel_id in (select id from tunnel where id = ? and gateway_id = ?)";

    private final JdbcTemplate jdbc;
    private final AgentMetrics metrics;

    public JdbcAgentStatusStore(JdbcTemplate jdbc, AgentMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    @Override
    public void connected(UUID gatewayId, String agentName, long appliedVersion) {
        jdbc.update("""
                insert into gateway_agent (gateway_id, agent_name, connected, connected_at, last_seen_at, applied_version)
                values (?, ?, true, now(), now(), ?)
                on conflict (gateway_id, agent_name) do update
                set connected = true, connected_at = now(), last_seen_at = now(), applied_version = excluded.applied_version""",
                gatewayId, agentName, appliedVersion);
    }

    @Override
    public void acked(UUID gatewayId, String agentName, long version) {
        // An error about an older version is history once a newer one runs.
        jdbc.update("""
                update gateway_agent set applied_version = ?, last_seen_at = now(),
                  last_error = case when last_error_version <= ? then null else last_error end,
                  last_error_version = case when last_error_version <= ? then null else last_error_version end
                where gateway_id = ? and agent_name = ?""", version, version, version, gatewayId, agentName);
    }

    @Override
    public void nacked(UUID gatewayId, String agentName, long version, String error) {
        jdbc.update("""
                update gateway_agent set last_error = ?, last_error_version = ?, last_error_at = now(), last_seen_at = now()
                where gateway_id = ? and agent_name = ?""", truncate(error, 2000), version, gatewayId, agentName);
    }

    @Override
    public void disconnected(UUID gatewayId, String agentName) {
        jdbc.update("update gateway_agent set connected = false, last_seen_at = now() where gateway_id = ? and agent_name = ?",
                gatewayId, agentName);
    }

    @Override
    @Transactional
    public void telemetry(UUID gatewayId, TelemetryBatch batch) {
        for (SaEvent event : batch.getEventsList()) {
            UUID tunnel = tunnelId(event.getTunnelId());
            if (tunnel != null) apply(gatewayId, tunnel, event);
        }
        List<Object[]> rows = new ArrayList<>(batch.getCountersCount());
        for (TunnelCounters c : batch.getCountersList()) {
            UUID tunnel = tunnelId(c.getTunnelId());
            if (tunnel == null) continue;
            rows.add(new Object[] {c.getBytesIn(), c.getBytesOut(), c.getPacketsIn(), c.getPacketsOut(), c.getReplayDrops(),
                    c.getIntegrityFailures(), c.getSelectorDrops(), timestamp(c.getLastRekeyEpochMillis()),
                    tunnel, Integer.toUnsignedLong(c.getChildSpiIn()), tunnel, gatewayId});
        }
        int updated = 0;
        if (!rows.isEmpty()) {
            int[] counts = jdbc.batchUpdate("""
                    update tunnel_sa set bytes_in = ?, bytes_out = ?, packets_in = ?, packets_out = ?, replay_drops = ?,
                      integrity_failures = ?, selector_drops = ?, last_rekey_at = coalesce(?, last_rekey_at), updated_at = now()
                    where tunnel_id = ? and spi_in = ? and""" + OWN_TUNNEL, rows);
            for (int n : counts) updated += Math.max(n, 0);
        }
        metrics.telemetryStored(updated);
    }

    private void apply(UUID gatewayId, UUID tunnel, SaEvent event) {
        long spiIn = Integer.toUnsignedLong(event.getChildSpiIn());
        if (event.getKind() == SaEventKind.DELETED && spiIn != 0) {
            // One Child SA gone (the old one after a rekey): the tunnel's state does not change.
            jdbc.update("delete from tunnel_sa where tunnel_id = ? and spi_in = ? and " + OWN_TUNNEL, tunnel, spiIn, tunnel, gatewayId);
            return;
        }
        TunnelStatus status = TunnelStatus.after(event.getKind());
        Timestamp at = timestamp(event.getAtEpochMillis() == 0 ? System.currentTimeMillis() : event.getAtEpochMillis());
        int updated = jdbc.update("update tunnel set status = ? where id = ? and gateway_id = ?", status.name(), tunnel, gatewayId);
        if (updated == 0) {
            log.warn("gateway {} reported on tunnel {}, which is not one of its tunnels; ignored", gatewayId, tunnel);
            return;
        }
        jdbc.update("""
                insert into tunnel_state (tunnel_id, status, reason, changed_at, updated_at) values (?, ?, ?, ?, now())
                on conflict (tunnel_id) do update set
                  changed_at = case when tunnel_state.status = excluded.status then tunnel_state.changed_at else excluded.changed_at end,
                  status = excluded.status, reason = excluded.reason, updated_at = now()""",
                tunnel, status.name(), event.getReason().isEmpty() ? null : truncate(event.getReason(), 500), at);
        if (event.getKind() == SaEventKind.CHILD_UP || event.getKind() == SaEventKind.REKEYED) {
            jdbc.update("""
                    insert into tunnel_sa (tunnel_id, spi_in, spi_out, established_at, last_rekey_at, updated_at)
                    values (?, ?, ?, ?, ?, now()) on conflict do nothing""",
                    tunnel, spiIn, Integer.toUnsignedLong(event.getChildSpiOut()), at,
                    event.getKind() == SaEventKind.REKEYED ? at : null);
        } else if (status == TunnelStatus.DOWN || status == TunnelStatus.AUTHENTICATION_FAILED) {
            jdbc.update("delete from tunnel_sa where tunnel_id = ?", tunnel);
        }
    }

    private static UUID tunnelId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Timestamp timestamp(long epochMillis) {
        return epochMillis == 0 ? null : Timestamp.from(Instant.ofEpochMilli(epochMillis));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
