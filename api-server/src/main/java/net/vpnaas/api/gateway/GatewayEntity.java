package net.vpnaas.api.gateway;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.TenantOwnedEntity;
import net.vpnaas.model.GatewayDefence;
import net.vpnaas.model.GatewaySpec;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "gateway")
public class GatewayEntity extends TenantOwnedEntity {
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "public_addresses", nullable = false)
    private List<String> publicAddresses;

    /** The defence settings, one column each (see {@link DefenceColumns}). */
    @Column(name = "defence_cookie_threshold", nullable = false)
    private int defenceCookieThreshold;
    @Column(name = "defence_puzzle_threshold", nullable = false)
    private int defencePuzzleThreshold;
    @Column(name = "defence_half_open_limit", nullable = false)
    private int defenceHalfOpenLimit;
    @Column(name = "defence_per_address_limit", nullable = false)
    private int defencePerAddressLimit;
    @Column(name = "defence_per_prefix_limit", nullable = false)
    private int defencePerPrefixLimit;
    @Column(name = "defence_max_puzzle_difficulty", nullable = false)
    private int defenceMaxPuzzleDifficulty;
    @Column(name = "defence_auth_failure_limit", nullable = false)
    private int defenceAuthFailureLimit;

    /** The version of the configuration the gateway's agents must run; see GatewayRevisions. */
    @Column(name = "config_revision", nullable = false)
    private long configRevision;

    protected GatewayEntity() {}

    GatewayEntity(UUID tenantId, GatewaySpec spec) {
        super(tenantId);
        this.configRevision = 1;
        apply(spec);
    }

    void apply(GatewaySpec spec) {
        setNameAndLabels(spec.name(), spec.labels());
        this.publicAddresses = new ArrayList<>(spec.publicAddresses());
        GatewayDefence d = spec.defence();
        defenceCookieThreshold = d.cookieThreshold();
        defencePuzzleThreshold = d.puzzleThreshold();
        defenceHalfOpenLimit = d.halfOpenLimit();
        defencePerAddressLimit = d.perAddressLimit();
        defencePerPrefixLimit = d.perPrefixLimit();
        defenceMaxPuzzleDifficulty = d.maxPuzzleDifficulty();
        defenceAuthFailureLimit = d.authFailureLimit();
    }

    void bumpConfigRevision() {
        configRevision++;
    }

    @Override
    protected void addColumns(Map<String, Object> columns) {
        columns.put("public_addresses", Columns.jsonb(publicAddresses));
        columns.put("config_revision", configRevision);
        DefenceColumns.write(getDefence(), columns);
    }

    GatewaySpec toSpec() {
        return new GatewaySpec(getName(), getLabels(), List.copyOf(publicAddresses), getDefence());
    }

    public GatewayDefence getDefence() {
        return new GatewayDefence(defenceCookieThreshold, defencePuzzleThreshold, defenceHalfOpenLimit, defencePerAddressLimit,
                defencePerPrefixLimit, defenceMaxPuzzleDifficulty, defenceAuthFailureLimit);
    }

    public List<String> getPublicAddresses() { return publicAddresses; }
    public long getConfigRevision() { return configRevision; }
}
