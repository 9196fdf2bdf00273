package net.vpnaas.api.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.web.Versioned;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;

/** A crypto policy as the API shows it: every setting, defaults filled in. */
public record CryptoPolicyView(UUID id, UUID tenantId, String name, Map<String, String> labels,
                               List<String> ikeProposals, List<String> espProposals, int ikeLifetimeSeconds,
                               int childLifetimeSeconds, int rekeyMarginSeconds, int rekeyFuzzPercent,
                               DpdSettings dpd, int replayWindow, boolean esn, String pfsGroup,
                               String startAction, String encapsulation, long version,
                               Instant createdAt, Instant updatedAt) implements Versioned {
    static CryptoPolicyView of(CryptoPolicyEntity e) {
        CryptoPolicySpec s = e.toSpec();
        return new CryptoPolicyView(e.getId(), e.getTenantId(), s.name(), s.labels(), s.ikeProposals(),
                s.espProposals(), s.ikeLifetimeSeconds(), s.childLifetimeSeconds(), s.rekeyMarginSeconds(),
                s.rekeyFuzzPercent(), s.dpd(), s.replayWindow(), s.esn(), s.pfsGroup(), s.startAction(),
                s.encapsulation(), e.getVersion(), e.getCreatedAt(), e.getUpdatedAt());
    }
}
