package net.vpnaas.api.agent;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.remoteaccess.RemoteAccessSessionStore;
import net.vpnaas.model.agent.v1.RemoteAccessSession;
import net.vpnaas.api.agent.telemetry.TelemetryWriter;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Agent reports in PostgreSQL, so every replica answers the API alike: connection, ACK and NACK
 * rows written at once, telemetry through the {@link TelemetryWriter}.
 */
@Component
public class JdbcAgentStatusStore implements AgentStatusStore {
    private final JdbcTemplate jdbc;
    private final TelemetryWriter telemetry;
    private final RemoteAccessSessionStore sessions;

    public JdbcAgentStatusStore(JdbcTemplate jdbc, TelemetryWriter telemetry, RemoteAccessSessionStore sessions) {
        this.jdbc = jdbc;
        this.telemetry = telemetry;
        this.sessions = sessions;
    }

    /** At once, on the stream's thread: one small transaction per agent and telemetry interval, at most. */
    @Override
    public void remoteAccessSessions(UUID gatewayId, String agentName, List<RemoteAccessSession> list) {
        sessions.replace(gatewayId, agentName, list);
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

    /** Queued for this replica's single {@link TelemetryWriter}: no stream waits for the database. */
    @Override
    public void telemetry(UUID gatewayId, TelemetryBatch batch) {
        telemetry.submit(gatewayId, batch);
    }

    @Override
    public void defence(UUID gatewayId, String agentName, AgentDefence d) {
        jdbc.update("""
                update gateway_agent set defence_level = ?, defence_puzzle_difficulty = ?, defence_half_open = ?,
                  defence_cookies_sent = ?, defence_puzzles_sent = ?, defence_drops = ?::jsonb, defence_reported_at = ?
                where gateway_id = ? and agent_name = ?""", d.level(), d.puzzleDifficulty(), d.halfOpen(), d.cookiesSent(),
                d.puzzlesSent(), d.dropsJson(), java.sql.Timestamp.from(d.reportedAt()), gatewayId, agentName);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
