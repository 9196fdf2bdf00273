package net.vpnaas.api.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.TenantOwnedEntity;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.RetransmitSettings;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "crypto_policy")
public class CryptoPolicyEntity extends TenantOwnedEntity {
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "ike_proposals", nullable = false)
    private List<String> ikeProposals;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "esp_proposals", nullable = false)
    private List<String> espProposals;
    @Column(name = "ike_lifetime_seconds", nullable = false)
    private int ikeLifetimeSeconds;
    @Column(name = "child_lifetime_seconds", nullable = false)
    private int childLifetimeSeconds;
    @Column(name = "rekey_margin_seconds", nullable = false)
    private int rekeyMarginSeconds;
    @Column(name = "rekey_fuzz_percent", nullable = false)
    private int rekeyFuzzPercent;
    @Column(name = "dpd_interval_seconds", nullable = false)
    private int dpdIntervalSeconds;
    @Column(name = "dpd_timeout_seconds", nullable = false)
    private int dpdTimeoutSeconds;
    @Column(name = "dpd_action", nullable = false)
    private String dpdAction;
    @Column(name = "replay_window", nullable = false)
    private int replayWindow;
    @Column(nullable = false)
    private boolean esn;
    @Column(name = "pfs_group")
    private String pfsGroup;
    @Column(name = "start_action", nullable = false)
    private String startAction;
    @Column(nullable = false)
    private String encapsulation;
    @Column(name = "ike_rekey_seconds")
    private Integer ikeRekeySeconds;
    @Column(name = "child_rekey_seconds")
    private Integer childRekeySeconds;
    @Column(name = "ike_fragment_size", nullable = false)
    private int ikeFragmentSize;
    @Column(name = "retransmit_timeout_millis", nullable = false)
    private int retransmitTimeoutMillis;
    @Column(name = "retransmit_backoff_percent", nullable = false)
    private int retransmitBackoffPercent;
    @Column(name = "retransmit_tries", nullable = false)
    private int retransmitTries;
    @Column(name = "nat_keepalive_seconds", nullable = false)
    private int natKeepaliveSeconds;
    @Column(name = "transport", nullable = false)
    private String transport;
    @Column(name = "tcp_port", nullable = false)
    private int tcpPort;

    protected CryptoPolicyEntity() {}

    CryptoPolicyEntity(UUID tenantId, CryptoPolicySpec spec) {
        super(tenantId);
        apply(spec);
    }

    /** Takes a validated specification with defaults applied. */
    void apply(CryptoPolicySpec s) {
        setNameAndLabels(s.name(), s.labels());
        ikeProposals = new ArrayList<>(s.ikeProposals());
        espProposals = new ArrayList<>(s.espProposals());
        ikeLifetimeSeconds = s.ikeLifetimeSeconds();
        childLifetimeSeconds = s.childLifetimeSeconds();
        rekeyMarginSeconds = s.rekeyMarginSeconds();
        rekeyFuzzPercent = s.rekeyFuzzPercent();
        dpdIntervalSeconds = s.dpd().intervalSeconds();
        dpdTimeoutSeconds = s.dpd().timeoutSeconds();
        dpdAction = s.dpd().action();
        replayWindow = s.replayWindow();
        esn = s.esn();
        pfsGroup = s.pfsGroup();
        startAction = s.startAction();
        encapsulation = s.encapsulation();
        ikeRekeySeconds = s.ikeRekeySeconds();
        childRekeySeconds = s.childRekeySeconds();
        ikeFragmentSize = s.ikeFragmentSize();
        retransmitTimeoutMillis = s.retransmit().timeoutMillis();
        retransmitBackoffPercent = s.retransmit().backoffPercent();
        retransmitTries = s.retransmit().tries();
        natKeepaliveSeconds = s.natKeepaliveSeconds();
        transport = s.transport();
        tcpPort = s.tcpPort();
    }

    @Override
    protected void addColumns(Map<String, Object> columns) {
        columns.put("ike_proposals", Columns.jsonb(ikeProposals));
        columns.put("esp_proposals", Columns.jsonb(espProposals));
        columns.put("ike_lifetime_seconds", ikeLifetimeSeconds);
        columns.put("child_lifetime_seconds", childLifetimeSeconds);
        columns.put("rekey_margin_seconds", rekeyMarginSeconds);
        columns.put("rekey_fuzz_percent", rekeyFuzzPercent);
        columns.put("dpd_interval_seconds", dpdIntervalSeconds);
        columns.put("dpd_timeout_seconds", dpdTimeoutSeconds);
        columns.put("dpd_action", dpdAction);
        columns.put("replay_window", replayWindow);
        columns.put("esn", esn);
        columns.put("pfs_group", pfsGroup);
        columns.put("start_action", startAction);
        columns.put("encapsulation", encapsulation);
        columns.put("ike_rekey_seconds", ikeRekeySeconds);
        columns.put("child_rekey_seconds", childRekeySeconds);
        columns.put("ike_fragment_size", ikeFragmentSize);
        columns.put("retransmit_timeout_millis", retransmitTimeoutMillis);
        columns.put("retransmit_backoff_percent", retransmitBackoffPercent);
        columns.put("retransmit_tries", retransmitTries);
        columns.put("nat_keepalive_seconds", natKeepaliveSeconds);
        columns.put("transport", transport);
        columns.put("tcp_port", tcpPort);
    }

    CryptoPolicySpec toSpec() {
        return new CryptoPolicySpec(getName(), getLabels(), List.copyOf(ikeProposals), List.copyOf(espProposals),
                ikeLifetimeSeconds, childLifetimeSeconds, rekeyMarginSeconds, rekeyFuzzPercent,
                new DpdSettings(dpdIntervalSeconds, dpdTimeoutSeconds, dpdAction), replayWindow, esn, pfsGroup,
                startAction, encapsulation, ikeRekeySeconds, childRekeySeconds, ikeFragmentSize,
                new RetransmitSettings(retransmitTimeoutMillis, retransmitBackoffPercent, retransmitTries), natKeepaliveSeconds, transport, tcpPort);
    }
}
