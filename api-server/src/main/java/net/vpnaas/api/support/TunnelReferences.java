package net.vpnaas.api.support;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who references whom: tunnels point at a gateway, a peer and a policy. Gateways, peers and
 * policies ask here before deletion (409 while referenced) and to learn which gateways' config
 * revisions a change touches. Plain SQL over the tunnel table keeps these packages independent.
 */
@Component
public class TunnelReferences {
    private final JdbcClient jdbc;

    TunnelReferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long tunnelsUsingGateway(UUID gatewayId) {
        return count("gateway_id", gatewayId);
    }

    public long tunnelsUsingPeer(UUID peerId) {
        return count("peer_id", peerId);
    }

    public long tunnelsUsingPolicy(UUID policyId) {
        return count("policy_id", policyId);
    }

    public List<UUID> gatewaysOfTunnelsUsingPeer(UUID peerId) {
        return gateways("peer_id", peerId);
    }

    public List<UUID> gatewaysOfTunnelsUsingPolicy(UUID policyId) {
        return gateways("policy_id", policyId);
    }

    private long count(String column, UUID id) {
        // column names come from the constants above, never from input
        return jdbc.sql("select count(*) from tunnel where " + column + " = ?").param(id).query(Long.class).single();
    }

    private List<UUID> gateways(String column, UUID id) {
        return jdbc.sql("select distinct gateway_id from tunnel where " + column + " = ? order by gateway_id")
                .param(id).query(UUID.class).list();
    }
}
