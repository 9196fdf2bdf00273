package net.vpnaas.api.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.web.Versioned;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.RetransmitSettings;

/** A crypto policy as the API shows it: every setting, defaults filled in. */
public record CryptoPolicyView(UUID id, UUID tenantId, String name, Map<String, String> labels,
                               List<String> ikeProposals, List<String> espProposals, int ikeLifetimeSeconds,
                               int childLifetimeSeconds, int rekeyMarginSeconds, int rekeyFuzzPercent,
                               DpdSettings dpd, int replayWindow, boolean esn, String pfsGroup,
                               String startAction, String encapsulation, Integer ikeRekeySeconds,
                               Integer childRekeySeconds, int ikeFragmentSize, RetransmitSettings retransmit,
                               int natKeepaliveSeconds, String transport, int tcpPort, long version,
                               Instant createdAt, Instant updatedAt) implements Versioned {
    static final String COLUMNS = "id, tenant_id, name, labels, ike_proposals, esp_proposals, ike_lifetime_seconds,"
            + " child_lifetime_seconds, rekey_margin_seconds, rekey_fuzz_percent, dpd_interval_seconds, dpd_timeout_seconds,"
            + " dpd_action, replay_window, esn, pfs_group, start_action, encapsulation, ike_rekey_seconds, child_rekey_seconds,"
            + " ike_fragment_size, retransmit_timeout_millis, retransmit_backoff_percent, retransmit_tries, nat_keepalive_seconds,"
            + " transport, tcp_port, version, created_at, updated_at";

    static CryptoPolicyView fromRow(ResultSet rs, int row) throws SQLException {
        return new CryptoPolicyView(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), rs.getString("name"),
                Columns.stringMap(rs, "labels"), Columns.stringList(rs, "ike_proposals"), Columns.stringList(rs, "esp_proposals"),
                rs.getInt("ike_lifetime_seconds"), rs.getInt("child_lifetime_seconds"), rs.getInt("rekey_margin_seconds"),
                rs.getInt("rekey_fuzz_percent"),
                new DpdSettings(rs.getInt("dpd_interval_seconds"), rs.getInt("dpd_timeout_seconds"), rs.getString("dpd_action")),
                rs.getInt("replay_window"), rs.getBoolean("esn"), rs.getString("pfs_group"), rs.getString("start_action"),
                rs.getString("encapsulation"), rs.getObject("ike_rekey_seconds", Integer.class),
                rs.getObject("child_rekey_seconds", Integer.class), rs.getInt("ike_fragment_size"),
                new RetransmitSettings(rs.getInt("retransmit_timeout_millis"), rs.getInt("retransmit_backoff_percent"),
                        rs.getInt("retransmit_tries")),
                rs.getInt("nat_keepalive_seconds"), rs.getString("transport"), rs.getInt("tcp_port"),
                rs.getLong("version"), Columns.instant(rs, "created_at"),
                Columns.instant(rs, "updated_at"));
    }

    static CryptoPolicyView of(CryptoPolicyEntity e) {
        CryptoPolicySpec s = e.toSpec();
        return new CryptoPolicyView(e.getId(), e.getTenantId(), s.name(), s.labels(), s.ikeProposals(),
                s.espProposals(), s.ikeLifetimeSeconds(), s.childLifetimeSeconds(), s.rekeyMarginSeconds(),
                s.rekeyFuzzPercent(), s.dpd(), s.replayWindow(), s.esn(), s.pfsGroup(), s.startAction(),
                s.encapsulation(), s.ikeRekeySeconds(), s.childRekeySeconds(), s.ikeFragmentSize(), s.retransmit(),
                s.natKeepaliveSeconds(), s.transport(), s.tcpPort(), e.getVersion(),
                e.getCreatedAt(), e.getUpdatedAt());
    }
}
