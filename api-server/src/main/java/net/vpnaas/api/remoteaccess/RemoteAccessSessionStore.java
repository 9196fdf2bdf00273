package net.vpnaas.api.remoteaccess;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import net.vpnaas.model.agent.v1.RemoteAccessSession;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The remote-access sessions agents report, in PostgreSQL so that every replica lists them alike:
 * each report of an agent replaces that agent's rows. A session is stored only for an endpoint of the
 * reporting gateway (an agent cannot place sessions under another gateway's, or tenant's, endpoint).
 * Disconnect requests whose session no agent reports any more are done and go.
 */
@Component
public class RemoteAccessSessionStore {
    private final JdbcTemplate jdbc;

    RemoteAccessSessionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void replace(UUID gatewayId, String agentName, List<RemoteAccessSession> sessions) {
        jdbc.update("delete from remote_access_session where gateway_id = ? and agent_name = ?", gatewayId, agentName);
        Timestamp now = Timestamp.from(Instant.now());
        for (RemoteAccessSession s : sessions) {
            UUID endpoint;
            try {
                endpoint = UUID.fromString(s.getEndpointId());
            } catch (IllegalArgumentException e) {
                continue; // not an id of ours: nothing to list it under
            }
            jdbc.update("""
                    insert into remote_access_session (gateway_id, agent_name, endpoint_id, session_id, identity, virtual_ip,
                      outer_address, since, bytes_in, bytes_out, reported_at)
                    select ?, ?, e.id, ?, ?, ?, ?, ?, ?, ?, ? from remote_access_endpoint e where e.id = ? and e.gateway_id = ?
                    on conflict do nothing""", gatewayId, agentName, s.getSessionId(), s.getIdentity(),
                    s.getVirtualIp().isEmpty() ? null : s.getVirtualIp(), s.getOuterAddress(),
                    Timestamp.from(Instant.ofEpochMilli(s.getSinceEpochMillis())), s.getBytesIn(), s.getBytesOut(), now, endpoint, gatewayId);
        }
        jdbc.update("""
                delete from remote_access_disconnect d using remote_access_endpoint e
                where e.id = d.endpoint_id and e.gateway_id = ?
                  and not exists (select 1 from remote_access_session s where s.endpoint_id = d.endpoint_id and s.session_id = d.session_id)""",
                gatewayId);
    }
}
