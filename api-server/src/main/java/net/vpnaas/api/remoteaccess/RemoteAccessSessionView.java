package net.vpnaas.api.remoteaccess;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import net.vpnaas.api.support.Columns;

/**
 * A remote-access client's session as its agent last reported it: {@code identity} is what the client
 * proved through EAP, {@code virtualIp} null when it asked for none, bytes of its Child SAs ({@code bytesIn}
 * from the client), {@code agent} the agent that runs it, {@code reportedAt} when that agent last said so.
 */
public record RemoteAccessSessionView(String id, String identity, String virtualIp, String outerAddress, Instant since,
                                      long bytesIn, long bytesOut, String agent, Instant reportedAt) {
    static final String COLUMNS = "session_id, identity, virtual_ip, outer_address, since, bytes_in, bytes_out, agent_name, reported_at";

    static RemoteAccessSessionView fromRow(ResultSet rs, int row) throws SQLException {
        return new RemoteAccessSessionView(rs.getString("session_id"), rs.getString("identity"), rs.getString("virtual_ip"),
                rs.getString("outer_address"), Columns.instant(rs, "since"), rs.getLong("bytes_in"), rs.getLong("bytes_out"),
                rs.getString("agent_name"), Columns.instant(rs, "reported_at"));
    }
}
