package net.vpnaas.api.peerconfig;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.peer.PeerService;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerPpk;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.RetransmitSettings;
import net.vpnaas.model.Role;
import net.vpnaas.model.TunnelTraffic;
import net.vpnaas.model.validation.Violation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The configuration of a tunnel's customer side, from one read of the tunnel with its gateway,
 * peer and policy. The PSK and the PPKs' secrets stay on the server unless an admin asks for them
 * with {@code includeSecret=true}: only then are they decrypted, and the disclosure is written to
 * the audit trail in the same transaction, so no secret leaves without its audit event.
 */
@Service
public class PeerConfigurations {
    public static final String INCLUDE_SECRET = "includeSecret";
    public static final String FORMAT = "format";

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;
    private final AuditLog audit;

    PeerConfigurations(JdbcTemplate jdbc, SecretCipher cipher, AuditLog audit) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
    }

    /** A configuration file: its name and text. */
    public record Download(String fileName, String text) {}

    /** {@code side} is null for a NULL-authentication peer, which the formats do not express yet. */
    private record Row(UUID peerId, byte[] pskCiphertext, byte[] ppkCiphertext, CustomerSide side) {}

    /**
     * Another tenant's tunnel (or none) is 404 whatever the parameters; then the format (400), the
     * right to the secret (403), what the format can express (422).
     */
    @Transactional
    public Download download(Caller caller, UUID tunnelId, String formatName, boolean includeSecret) {
        Row row = jdbc.query(SELECT, (rs, i) -> row(rs), tunnelId, caller.tenantId()).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("tunnel"));
        PeerConfigFormat format = format(formatName);
        if (row.side() == null) {
            throw ApiException.invalid(List.of(new Violation(FORMAT, "no format expresses a peer with NULL authentication yet")));
        }
        if (includeSecret && caller.role() != Role.ADMIN) {
            throw new ApiException(ProblemType.FORBIDDEN, "only an admin key may download a peer configuration with its secrets",
                    List.of(new Violation(INCLUDE_SECRET, "needs an admin key; a " + caller.role().wireName()
                            + " key gets the configuration with placeholders for the PSK and PPKs")));
        }
        if (row.side().peer().auth() instanceof PeerAuth.Password) {
            // None of the devices we write for implements PACE (RFC 6631); a PSK configuration would be wrong, not weaker.
            throw new ApiException(ProblemType.VALIDATION_FAILED, "the tunnel cannot be configured in format " + format.wireName()
                    + " without changing what the gateway negotiates", List.of(new Violation("peer.auth.type",
                    "password authentication (PACE, RFC 6631) is not implemented by " + format.wireName()
                            + "; the peer needs our agent (standalone mode), or psk or certificate authentication")));
        }
        List<String> disclosed = new ArrayList<>();
        CustomerSide side = row.side();
        if (includeSecret) {
            side = withSecrets(row, side, disclosed);
        }
        String text;
        try {
            text = format.render(side);
        } catch (UnexpressibleConfigurationException e) {
            throw new ApiException(ProblemType.VALIDATION_FAILED, "the tunnel cannot be configured in format " + format.wireName()
                    + " without changing what the gateway negotiates", e.violations());
        }
        if (!disclosed.isEmpty()) {
            audit.record(caller, ResourceType.PEER, row.peerId(), "disclose_secret", Map.of("secretsDisclosed", disclosed,
                    "tunnelId", tunnelId.toString(), FORMAT, format.wireName()));
        }
        return new Download(format.fileName(side), text);
    }

    private static PeerConfigFormat format(String name) {
        String expected = "must be one of " + String.join(", ", Arrays.stream(PeerConfigFormat.values())
                .map(PeerConfigFormat::wireName).toList());
        if (name == null) {
            throw ApiException.badRequest(FORMAT, "is required; " + expected);
        }
        return PeerConfigFormat.fromWireName(name).orElseThrow(() -> ApiException.badRequest(FORMAT, expected));
    }

    /** The side with the peer's stored secrets in place of the nulls, each one's field named in {@code disclosed}. */
    private CustomerSide withSecrets(Row row, CustomerSide side, List<String> disclosed) {
        PeerSpec p = side.peer();
        PeerAuth auth = p.auth();
        if (row.pskCiphertext() != null) {
            auth = new PeerAuth.Psk(new String(cipher.decrypt(row.pskCiphertext(), PeerService.pskAssociatedData(row.peerId())),
                    StandardCharsets.UTF_8));
            disclosed.add("auth.psk");
        }
        List<PeerPpk> ppks = p.ppks();
        if (row.ppkCiphertext() != null) {
            ppks = PeerService.ppks(cipher, row.peerId(), row.ppkCiphertext());
            disclosed.add("ppks");
        }
        return new CustomerSide(side.tunnelName(), side.gateway(), side.gatewayCertificateFromTenantCa(),
                new PeerSpec(p.name(), p.labels(), p.address(), p.ikeIdentity(), auth, ppks, p.ppkRequired()),
                side.policy(), side.gatewaySelectors(), side.peerSelectors());
    }

    private static final String SELECT = """
            select t.name as tunnel_name,
                   array(select jsonb_array_elements_text(t.local_traffic_selectors)) as local_ts,
                   array(select jsonb_array_elements_text(t.remote_traffic_selectors)) as remote_ts,
                   g.name as gateway_name, array(select jsonb_array_elements_text(g.public_addresses)) as gateway_addresses,
                   gc.source as certificate_source,
                   p.id as peer_id, p.name as peer_name, p.address, p.ike_identity, p.auth_method, p.psk_ciphertext, p.ca_bundle_pem,
                   p.expected_identity, array(select jsonb_array_elements_text(p.ppk_ids)) as ppk_ids, p.ppk_required,
                   p.ppk_ciphertext,
                   c.name as policy_name, array(select jsonb_array_elements_text(c.ike_proposals)) as ike,
                   array(select jsonb_array_elements_text(c.esp_proposals)) as esp,
                   c.ike_lifetime_seconds, c.child_lifetime_seconds, c.rekey_margin_seconds, c.rekey_fuzz_percent,
                   c.dpd_interval_seconds, c.dpd_timeout_seconds, c.dpd_action, c.replay_window, c.esn, c.pfs_group,
                   c.start_action, c.encapsulation, c.ike_rekey_seconds, c.child_rekey_seconds, c.ike_fragment_size,
                   c.retransmit_timeout_millis, c.retransmit_backoff_percent, c.retransmit_tries, c.nat_keepalive_seconds,
                   c.transport, c.tcp_port
            from tunnel t join gateway g on g.id = t.gateway_id join peer p on p.id = t.peer_id
                 join crypto_policy c on c.id = t.policy_id left join gateway_certificate gc on gc.gateway_id = g.id
            where t.id = ? and t.tenant_id = ?""";

    private static Row row(ResultSet rs) throws SQLException {
        byte[] psk = rs.getBytes("psk_ciphertext");
        if ("null".equals(rs.getString("auth_method"))) return new Row(rs.getObject("peer_id", UUID.class), psk, null, null);
        PeerAuth auth = psk != null ? new PeerAuth.Psk(null)
                : "password".equals(rs.getString("auth_method")) ? new PeerAuth.Password(null)
                : new PeerAuth.Certificate(rs.getString("ca_bundle_pem"), rs.getString("expected_identity"));
        List<PeerPpk> ppks = strings(rs.getArray("ppk_ids")).stream().map(id -> new PeerPpk(id, null)).toList();
        PeerSpec peer = new PeerSpec(rs.getString("peer_name"), Map.of(), rs.getString("address"), rs.getString("ike_identity"), auth,
                ppks, rs.getBoolean("ppk_required"));
        CryptoPolicySpec policy = new CryptoPolicySpec(rs.getString("policy_name"), Map.of(), strings(rs.getArray("ike")),
                strings(rs.getArray("esp")), rs.getInt("ike_lifetime_seconds"), rs.getInt("child_lifetime_seconds"),
                rs.getInt("rekey_margin_seconds"), rs.getInt("rekey_fuzz_percent"),
                new DpdSettings(rs.getInt("dpd_interval_seconds"), rs.getInt("dpd_timeout_seconds"), rs.getString("dpd_action")),
                rs.getInt("replay_window"), rs.getBoolean("esn"), rs.getString("pfs_group"), rs.getString("start_action"),
                rs.getString("encapsulation"), rs.getObject("ike_rekey_seconds", Integer.class),
                rs.getObject("child_rekey_seconds", Integer.class), rs.getInt("ike_fragment_size"),
                new RetransmitSettings(rs.getInt("retransmit_timeout_millis"), rs.getInt("retransmit_backoff_percent"),
                        rs.getInt("retransmit_tries")), rs.getInt("nat_keepalive_seconds"),
                rs.getString("transport"), rs.getInt("tcp_port"));
        GatewaySpec gateway = new GatewaySpec(rs.getString("gateway_name"), Map.of(), strings(rs.getArray("gateway_addresses")));
        return new Row(rs.getObject("peer_id", UUID.class), psk, rs.getBytes("ppk_ciphertext"), new CustomerSide(rs.getString("tunnel_name"), gateway,
                "tenant-ca".equals(rs.getString("certificate_source")), peer, policy,
                TunnelTraffic.ranges(strings(rs.getArray("local_ts"))), TunnelTraffic.ranges(strings(rs.getArray("remote_ts")))));
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
