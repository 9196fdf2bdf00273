package net.vpnaas.api.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.GatewayCapabilities;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.validation.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * tenant-model's rules for a tunnel joining a gateway to a peer ({@link GatewayCapabilities#tunnelPeer}),
 * asked from each side a client can change: a tunnel written (naming {@code peerId}), a peer changed
 * under its tunnels (naming the peer's field), a gateway's addresses changed under its tunnels. So
 * the API refuses at once what the gateway's agent could never run, instead of the agent NACKing
 * the snapshot. Likewise the rule between a password peer and a crypto policy (PACE needs ECP groups),
 * asked from a tunnel written, its peer changed and its policy changed. A gateway has an IKE certificate when a row of gateway_certificate is its (see
 * GatewayCertificates, which refuses to delete it under certificate tunnels). Plain SQL over the
 * tables keeps the resource packages independent, as in {@link TunnelReferences}.
 */
@Component
public class TunnelPeerChecks {
    private static final String PEER_COLUMNS = "p.name as peer_name, p.address, p.ike_identity, p.auth_method,"
            + " p.ca_bundle_pem, p.expected_identity";
    private static final String GATEWAY_COLUMNS = "g.name as gateway_name, array(select jsonb_array_elements_text(g.public_addresses))"
            + " as addresses, exists(select 1 from gateway_certificate c where c.gateway_id = g.id) as has_certificate";

    /** A gateway as the rules see it: its specification and whether it has an IKE certificate. */
    private record Gateway(GatewaySpec spec, boolean hasCertificate) {
        List<GatewayCapabilities.PeerProblem> problemsWith(PeerSpec peer) {
            return GatewayCapabilities.tunnelPeer(spec, hasCertificate, peer);
        }
    }

    private final JdbcClient jdbc;

    TunnelPeerChecks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A tunnel about to join the gateway and the peer with these ids (both of the caller's tenant). */
    public List<Violation> tunnel(UUID gatewayId, UUID peerId) {
        Gateway gateway = gateway(gatewayId);
        PeerSpec peer = jdbc.sql("select " + PEER_COLUMNS + " from peer p where p.id = ?")
                .param(peerId).query((rs, i) -> peer(rs)).single();
        return gateway.problemsWith(peer).stream()
                .map(problem -> new Violation("peerId", problem.detail())).toList();
    }

    /**
     * A tunnel about to join the peer and the crypto policy with these ids (both of the caller's tenant):
     * a policy that takes QKD keys needs the peer's SAE ID.
     */
    public List<Violation> qkd(UUID peerId, UUID policyId) {
        record Policy(String name, List<String> ikeProposals, String pfsGroup) {}
        Policy policy = jdbc.sql("select name, array(select jsonb_array_elements_text(ike_proposals)) as ike, pfs_group"
                        + " from crypto_policy where id = ?")
                .param(policyId).query((rs, i) -> new Policy(rs.getString("name"), List.of((String[]) rs.getArray("ike").getArray()),
                        rs.getString("pfs_group"))).single();
        if (!CryptoPolicySpec.usesQkd(policy.ikeProposals(), policy.pfsGroup())) return List.of();
        return jdbc.sql("select name from peer where id = ? and qkd_sae_id is null").param(peerId).query(String.class).optional()
                .map(peer -> List.of(new Violation("peerId", "peer '" + peer + "' has no qkd (its SAE ID), which crypto policy '"
                        + policy.name() + "' needs for its QKD key exchange"))).orElse(List.of());
    }

    /**
     * A tunnel about to join the peer and the crypto policy with these ids (both of the caller's tenant):
     * a peer that authenticates with a password needs a policy whose IKE groups PACE can run on.
     */
    public List<Violation> password(UUID peerId, UUID policyId) {
        return jdbc.sql("select p.name as name, c.name as policy_name, array(select jsonb_array_elements_text(c.ike_proposals)) as ike"
                        + " from peer p, crypto_policy c where p.id = ? and c.id = ? and p.auth_method = 'password'")
                .param(peerId).param(policyId).query((rs, i) -> PasswordPolicy.of(rs)).optional().stream()
                .flatMap(p -> p.problem().stream())
                .map(problem -> new Violation("policyId", "peer '" + problem.getKey() + "' authenticates with a password: " + problem.getValue()))
                .toList();
    }

    /** The peer with this id about to become {@code changed}, under the tunnels that use it. */
    public List<Violation> peer(UUID peerId, PeerSpec changed) {
        List<Violation> gateways = jdbc.sql("select t.name as tunnel_name, " + GATEWAY_COLUMNS
                        + " from tunnel t join gateway g on g.id = t.gateway_id where t.peer_id = ? order by t.name")
                .param(peerId).query((rs, i) -> Map.entry(rs.getString("tunnel_name"), gateway(rs))).list().stream()
                .flatMap(tunnel -> tunnel.getValue().problemsWith(changed).stream()
                        .map(problem -> new Violation(problem.peerField(), "tunnel '" + tunnel.getKey() + "': " + problem.detail())))
                .toList();
        if (!(changed.auth() instanceof PeerAuth.Password)) return gateways;
        List<Violation> policies = jdbc.sql("select t.name as name, c.name as policy_name,"
                        + " array(select jsonb_array_elements_text(c.ike_proposals)) as ike"
                        + " from tunnel t join crypto_policy c on c.id = t.policy_id where t.peer_id = ? order by t.name")
                .param(peerId).query((rs, i) -> PasswordPolicy.of(rs)).list().stream()
                .flatMap(p -> p.problem().stream())
                .map(problem -> new Violation("auth.type", "tunnel '" + problem.getKey() + "': " + problem.getValue()))
                .toList();
        return Stream.concat(gateways.stream(), policies.stream()).toList();
    }

    /** A crypto policy under a password peer, with the name (of the peer or tunnel) a problem is reported under. */
    private record PasswordPolicy(String name, String policyName, List<String> ikeProposals) {
        static PasswordPolicy of(ResultSet rs) throws SQLException {
            return new PasswordPolicy(rs.getString("name"), rs.getString("policy_name"), List.of((String[]) rs.getArray("ike").getArray()));
        }

        /** tenant-model's rule, as the name and what is wrong. */
        Optional<Map.Entry<String, String>> problem() {
            return CryptoPolicySpec.passwordAuthProblem(policyName, ikeProposals).map(problem -> Map.entry(name, problem));
        }
    }

    /** The crypto policy with this id about to become {@code changed}, under the tunnels that use it: of password peers, ECP groups. */
    public List<Violation> policy(UUID policyId, CryptoPolicySpec changed) {
        Optional<String> problem = CryptoPolicySpec.passwordAuthProblem(changed.name(), changed.ikeProposals());
        if (problem.isEmpty()) return List.of();
        return jdbc.sql("select t.name as tunnel_name, p.name as peer_name from tunnel t join peer p on p.id = t.peer_id"
                        + " where t.policy_id = ? and p.auth_method = 'password' order by t.name")
                .param(policyId).query((rs, i) -> new Violation("ikeProposals", "tunnel '" + rs.getString("tunnel_name") + "': peer '"
                        + rs.getString("peer_name") + "' authenticates with a password: " + problem.get())).list();
    }

    /** The gateway with this id about to become {@code changed}, under its tunnels: only its addresses matter. */
    public List<Violation> gateway(UUID gatewayId, GatewaySpec changed) {
        Gateway gateway = new Gateway(changed, gateway(gatewayId).hasCertificate());
        return jdbc.sql("select t.name as tunnel_name, " + PEER_COLUMNS
                        + " from tunnel t join peer p on p.id = t.peer_id where t.gateway_id = ? order by t.name")
                .param(gatewayId).query((rs, i) -> Map.entry(rs.getString("tunnel_name"), peer(rs))).list().stream()
                .flatMap(tunnel -> gateway.problemsWith(tunnel.getValue()).stream()
                        .filter(problem -> problem.peerField().equals("address"))
                        .map(problem -> new Violation("publicAddresses", "tunnel '" + tunnel.getKey() + "': " + problem.detail())))
                .toList();
    }

    private Gateway gateway(UUID gatewayId) {
        return jdbc.sql("select " + GATEWAY_COLUMNS + " from gateway g where g.id = ?").param(gatewayId).query((rs, i) -> gateway(rs)).single();
    }

    private static Gateway gateway(ResultSet rs) throws SQLException {
        return new Gateway(new GatewaySpec(rs.getString("gateway_name"), Map.of(), List.of((String[]) rs.getArray("addresses").getArray())),
                rs.getBoolean("has_certificate"));
    }

    /** The PSK or password itself is not needed (nor decrypted): only that the peer uses one. */
    private static PeerSpec peer(ResultSet rs) throws SQLException {
        PeerAuth auth = StoredPeerAuth.withoutSecrets(rs.getString("auth_method"), rs.getString("ca_bundle_pem"),
                rs.getString("expected_identity"));
        return new PeerSpec(rs.getString("peer_name"), Map.of(), rs.getString("address"), rs.getString("ike_identity"), auth);
    }
}
