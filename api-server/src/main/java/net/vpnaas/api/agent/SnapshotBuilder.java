package net.vpnaas.api.agent;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.vpnaas.api.gateway.DefenceColumns;
import net.vpnaas.api.ikeca.GatewayCertificates;
import net.vpnaas.api.peer.PeerService;
import net.vpnaas.api.remoteaccess.RemoteAccessEndpointService;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.support.EndpointAddressProperties;
import net.vpnaas.model.GatewayDefence;
import net.vpnaas.model.agent.v1.CertificateAuth;
import net.vpnaas.model.agent.v1.PeerQkd;
import net.vpnaas.model.agent.v1.Ppk;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.DpdAction;
import net.vpnaas.model.agent.v1.Encapsulation;
import net.vpnaas.model.agent.v1.IkeTransport;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.LocalCertificate;
import net.vpnaas.model.agent.v1.NullAuth;
import net.vpnaas.model.agent.v1.Peer;
import net.vpnaas.model.agent.v1.RadiusServer;
import net.vpnaas.model.agent.v1.RemoteAccessEndpoint;
import net.vpnaas.model.agent.v1.SessionDisconnect;
import net.vpnaas.model.agent.v1.StartAction;
import net.vpnaas.model.agent.v1.Tunnel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds a gateway's snapshot from PostgreSQL: its tunnels and remote-access endpoints and exactly
 * the peers and policies those use, nothing else of the tenant and nothing of other gateways. One repeatable-read
 * transaction, so the revision and the rows always belong together. This is the one place where
 * stored PSKs and the gateway's IKE private key are decrypted for delivery; they leave only towards
 * the gateway's own agents.
 */
@Component
public class SnapshotBuilder implements SnapshotSource {
    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;
    private final EndpointAddressProperties endpoints;
    private final GatewayCertificates certificates;

    public SnapshotBuilder(JdbcTemplate jdbc, SecretCipher cipher, EndpointAddressProperties endpoints,
                           GatewayCertificates certificates) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.endpoints = endpoints;
        this.certificates = certificates;
    }

    private static net.vpnaas.model.agent.v1.GatewayDefence defence(GatewayDefence d) {
        return net.vpnaas.model.agent.v1.GatewayDefence.newBuilder().setCookieThreshold(d.cookieThreshold())
                .setPuzzleThreshold(d.puzzleThreshold()).setHalfOpenLimit(d.halfOpenLimit()).setPerAddressLimit(d.perAddressLimit())
                .setPerPrefixLimit(d.perPrefixLimit()).setMaxPuzzleDifficulty(d.maxPuzzleDifficulty())
                .setAuthFailureLimit(d.authFailureLimit()).build();
    }

    @Override
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<GatewaySnapshot> current(UUID gatewayId) {
        List<GatewaySnapshot.Builder> gateway = jdbc.query("""
                select name, config_revision, array(select jsonb_array_elements_text(public_addresses)) as addresses, %s
                from gateway where id = ?""".formatted(DefenceColumns.SELECT), (rs, i) -> GatewaySnapshot.newBuilder()
                .setGatewayId(gatewayId.toString())
                .setGatewayName(rs.getString("name"))
                .setVersion(rs.getLong("config_revision"))
                .addAllLocalAddresses(strings(rs.getArray("addresses")))
                .setDefence(defence(DefenceColumns.read(rs)))
                .setAllowLinkLocalEndpoints(endpoints.allowLinkLocal()), gatewayId);
        if (gateway.isEmpty()) return Optional.empty();
        GatewaySnapshot.Builder snapshot = gateway.getFirst();

        snapshot.addAllTunnels(jdbc.query("""
                select t.id, t.name, p.name as peer_name, c.name as policy_name,
                       array(select jsonb_array_elements_text(t.local_traffic_selectors)) as local_ts,
                       array(select jsonb_array_elements_text(t.remote_traffic_selectors)) as remote_ts
                from tunnel t join peer p on p.id = t.peer_id join crypto_policy c on c.id = t.policy_id
                where t.gateway_id = ? order by t.name""", (rs, i) -> Tunnel.newBuilder()
                .setId(rs.getString("id"))
                .setName(rs.getString("name"))
                .setPeerName(rs.getString("peer_name"))
                .setPolicyName(rs.getString("policy_name"))
                .addAllLocalTrafficSelectors(strings(rs.getArray("local_ts")))
                .addAllRemoteTrafficSelectors(strings(rs.getArray("remote_ts")))
                .build(), gatewayId));

        snapshot.addAllPeers(jdbc.query("""
                select id, name, address, ike_identity, auth_method, psk_ciphertext, password_ciphertext, ca_bundle_pem, expected_identity, ppk_required,
                       ppk_ciphertext, qkd_sae_id, qkd_fallback from peer
                where id in (select peer_id from tunnel where gateway_id = ?) order by name""",
                (rs, i) -> peer(rs), gatewayId));

        snapshot.addAllPolicies(jdbc.query("""
                select name, array(select jsonb_array_elements_text(ike_proposals)) as ike,
                       array(select jsonb_array_elements_text(esp_proposals)) as esp,
                       ike_lifetime_seconds, child_lifetime_seconds, rekey_margin_seconds, rekey_fuzz_percent,
                       dpd_interval_seconds, dpd_timeout_seconds, dpd_action, replay_window, esn,
                       coalesce(pfs_group, '') as pfs_group, start_action, encapsulation, ike_rekey_seconds, child_rekey_seconds,
                       ike_fragment_size, retransmit_timeout_millis, retransmit_backoff_percent, retransmit_tries,
                       nat_keepalive_seconds, transport, tcp_port
                from crypto_policy where id in (select policy_id from tunnel where gateway_id = ?
                                                union select policy_id from remote_access_endpoint where gateway_id = ?) order by name""",
                (rs, i) -> policy(rs), gatewayId, gatewayId));

        snapshot.addAllRemoteAccessEndpoints(jdbc.query("""
                select e.id, e.name, c.name as policy_name, array(select jsonb_array_elements_text(e.address_pools)) as pools,
                       array(select jsonb_array_elements_text(e.dns_servers)) as dns,
                       array(select jsonb_array_elements_text(e.allowed_networks)) as allowed, e.radius_secrets_ciphertext, e.eap_only
                from remote_access_endpoint e join crypto_policy c on c.id = e.policy_id
                where e.gateway_id = ? order by e.name""", (rs, i) -> remoteAccess(rs), gatewayId));

        snapshot.addAllSessionDisconnects(jdbc.query("""
                select d.endpoint_id, d.session_id from remote_access_disconnect d join remote_access_endpoint e on e.id = d.endpoint_id
                where e.gateway_id = ? order by d.endpoint_id, d.session_id""", (rs, i) -> SessionDisconnect.newBuilder()
                .setEndpointId(rs.getString("endpoint_id")).setSessionId(rs.getString("session_id")).build(), gatewayId));

        certificates.forSnapshot(gatewayId).ifPresent(own -> snapshot.setLocalCertificate(LocalCertificate.newBuilder()
                .setCertificateChainPem(own.certificateChainPem())
                .setPrivateKeyPem(own.privateKeyPem())));
        return Optional.of(snapshot.build());
    }

    private Peer peer(ResultSet rs) throws SQLException {
        var peer = Peer.newBuilder()
                .setName(rs.getString("name"))
                .setAddress(rs.getString("address"))
                .setIkeIdentity(rs.getString("ike_identity"));
        UUID id = rs.getObject("id", UUID.class);
        byte[] psk = rs.getBytes("psk_ciphertext");
        String pskText = psk == null ? "" : new String(cipher.decrypt(psk, PeerService.pskAssociatedData(id)), StandardCharsets.UTF_8);
        switch (rs.getString("auth_method")) {
            case "psk" -> peer.setPsk(pskText);
            case "null" -> peer.setNullAuth(NullAuth.newBuilder().setGatewayPsk(pskText));
            case "password" -> peer.setPassword(new String(cipher.decrypt(rs.getBytes("password_ciphertext"),
                    PeerService.passwordAssociatedData(id)), StandardCharsets.UTF_8));
            default -> peer.setCertificate(CertificateAuth.newBuilder()
                    .setTrustedCaBundlePem(rs.getString("ca_bundle_pem"))
                    .setExpectedIdentity(rs.getString("expected_identity")));
        }
        byte[] ppks = rs.getBytes("ppk_ciphertext");
        if (ppks != null) {
            PeerService.ppks(cipher, id, ppks).forEach(p -> peer.addPpks(Ppk.newBuilder().setId(p.id()).setSecret(p.secret())));
        }
        if (rs.getString("qkd_sae_id") != null) {
            peer.setQkd(PeerQkd.newBuilder().setSaeId(rs.getString("qkd_sae_id")).setFallback(rs.getString("qkd_fallback")));
        }
        return peer.setPpkRequired(rs.getBoolean("ppk_required")).build();
    }

    private RemoteAccessEndpoint remoteAccess(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return RemoteAccessEndpoint.newBuilder()
                .setId(id.toString())
                .setName(rs.getString("name"))
                .setCryptoPolicy(rs.getString("policy_name"))
                .addAllAddressPools(strings(rs.getArray("pools")))
                .addAllDnsServers(strings(rs.getArray("dns")))
                .addAllAllowedNetworks(strings(rs.getArray("allowed")))
                .addAllRadiusServers(RemoteAccessEndpointService.radiusServers(cipher, id, rs.getBytes("radius_secrets_ciphertext")).stream()
                        .map(r -> RadiusServer.newBuilder().setAddress(r.address()).setPort(r.port()).setSecret(r.secret()).build()).toList())
                .setEapOnly(rs.getBoolean("eap_only"))
                .build();
    }

    private static CryptoPolicy policy(ResultSet rs) throws SQLException {
        var policy = CryptoPolicy.newBuilder()
                .setName(rs.getString("name"))
                .addAllIkeProposals(strings(rs.getArray("ike")))
                .addAllEspProposals(strings(rs.getArray("esp")))
                .setIkeLifetimeSeconds(rs.getInt("ike_lifetime_seconds"))
                .setChildLifetimeSeconds(rs.getInt("child_lifetime_seconds"))
                .setRekeyMarginSeconds(rs.getInt("rekey_margin_seconds"))
                .setRekeyFuzzPercent(rs.getInt("rekey_fuzz_percent"))
                .setDpdIntervalSeconds(rs.getInt("dpd_interval_seconds"))
                .setDpdTimeoutSeconds(rs.getInt("dpd_timeout_seconds"))
                .setDpdAction(switch (rs.getString("dpd_action")) {
                    case "clear" -> DpdAction.DPD_ACTION_CLEAR;
                    case "hold" -> DpdAction.DPD_ACTION_HOLD;
                    case "restart" -> DpdAction.DPD_ACTION_RESTART;
                    default -> DpdAction.DPD_ACTION_UNSPECIFIED;
                })
                .setReplayWindow(rs.getInt("replay_window"))
                .setEsn(rs.getBoolean("esn"))
                .setPfsGroup(rs.getString("pfs_group"))
                .setStartAction("initiate".equals(rs.getString("start_action"))
                        ? StartAction.START_ACTION_INITIATE : StartAction.START_ACTION_RESPOND)
                .setEncapsulation("force_udp".equals(rs.getString("encapsulation"))
                        ? Encapsulation.ENCAPSULATION_FORCE_UDP : Encapsulation.ENCAPSULATION_AUTO)
                .setIkeFragmentSize(rs.getInt("ike_fragment_size"))
                .setRetransmitTimeoutMillis(rs.getInt("retransmit_timeout_millis"))
                .setRetransmitBackoffPercent(rs.getInt("retransmit_backoff_percent"))
                .setRetransmitTries(rs.getInt("retransmit_tries"))
                .setNatKeepaliveSeconds(rs.getInt("nat_keepalive_seconds"))
                .setTransport(switch (rs.getString("transport")) {
                    case "tcp" -> IkeTransport.IKE_TRANSPORT_TCP;
                    case "udp-with-tcp-fallback" -> IkeTransport.IKE_TRANSPORT_UDP_WITH_TCP_FALLBACK;
                    default -> IkeTransport.IKE_TRANSPORT_UDP;
                })
                .setTcpPort(rs.getInt("tcp_port"));
        Integer ikeRekey = rs.getObject("ike_rekey_seconds", Integer.class);
        if (ikeRekey != null) policy.setIkeRekeySeconds(ikeRekey);
        Integer childRekey = rs.getObject("child_rekey_seconds", Integer.class);
        if (childRekey != null) policy.setChildRekeySeconds(childRekey);
        return policy.build();
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
