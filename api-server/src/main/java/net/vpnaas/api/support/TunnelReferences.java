package net.vpnaas.api.support;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who references whom: tunnels point at a gateway, a peer and a policy; remote-access endpoints at a
 * gateway and a policy. Gateways, peers and policies ask here before deletion (409 while referenced)
 * and to learn which gateways' config revisions a change touches. Plain SQL over the tunnel and
 * remote_access_endpoint tables keeps these packages independent.
 */
@Component
public class TunnelReferences {
    private final JdbcClient jdbc;

    TunnelReferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Tunnels and remote-access endpoints. */
    public long tunnelsUsingGateway(UUID gatewayId) {
        return count("gateway_id", gatewayId) + countEndpoints("gateway_id", gatewayId);
    }

    public long tunnelsUsingPeer(UUID peerId) {
        return count("peer_id", peerId);
    }

    /** Tunnels and remote-access endpoints. */
    public long tunnelsUsingPolicy(UUID policyId) {
        return count("policy_id", policyId) + countEndpoints("policy_id", policyId);
    }

    public List<UUID> gatewaysOfTunnelsUsingPeer(UUID peerId) {
        return gateways("peer_id", peerId);
    }

    /** Of tunnels and remote-access endpoints. */
    public List<UUID> gatewaysOfTunnelsUsingPolicy(UUID policyId) {
        return jdbc.sql("select gateway_id from tunnel where policy_id = ? union select gateway_id from remote_access_endpoint"
                + " where policy_id = ? order by gateway_id").params(policyId, policyId).query(UUID.class).list();
    }

    private long count(String column, UUID id) {
        // column names come from the constants above, never from input
        return jdbc.sql("select count(*) from tunnel where " + column + " = ?").param(id).query(Long.class).single();
    }

    private long countEndpoints(String column, UUID id) {
        return jdbc.sql("select count(*) from remote_access_endpoint where " + column + " = ?").param(id).query(Long.class).single();
    }

    private List<UUID> gateways(String column, UUID id) {
        return jdbc.sql("select distinct gateway_id from tunnel where " + column + " = ? order by gateway_id")
                .param(id).query(UUID.class).list();
    }
}
