package net.vpnaas.ike.config;

import java.util.List;
import net.vpnaas.ike.crypto.IntegrityAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.sa.CipherChoice;

/**
 * One locally configured ESP proposal. {@code pfsGroups} empty: no key exchange in CREATE_CHILD_SA.
 * {@code additional}: the RFC 9370 additional key exchanges that follow the PFS key exchange of a
 * CREATE_CHILD_SA in IKE_FOLLOWUP_KE exchanges, as in {@link IkeProposalConfig}; only with PFS.
 */
public record EspProposalConfig(List<CipherChoice> ciphers, List<IntegrityAlgorithm> integrity,
                                List<KeyExchangeMethod> pfsGroups, boolean esn, List<AdditionalKeyExchangeConfig> additional) {
    public EspProposalConfig(List<CipherChoice> ciphers, List<IntegrityAlgorithm> integrity,
                             List<KeyExchangeMethod> pfsGroups, boolean esn) {
        this(ciphers, integrity, pfsGroups, esn, List.of());
    }

    public EspProposalConfig {
        ciphers = List.copyOf(ciphers);
        integrity = List.copyOf(integrity);
        pfsGroups = List.copyOf(pfsGroups);
        additional = List.copyOf(additional);
        if (pfsGroups.isEmpty() && !additional.isEmpty()) throw new IllegalArgumentException("additional key exchanges need a PFS group");
        IkeProposalConfig.checkAscending(additional);
        if (ciphers.isEmpty()) throw new IllegalArgumentException("ESP proposal needs a cipher");
        boolean aead = ciphers.getFirst().algorithm().aead();
        if (ciphers.stream().anyMatch(c -> c.algorithm().aead() != aead)) throw new IllegalArgumentException("do not mix AEAD and non-AEAD ciphers in one proposal");
        if (aead != integrity.isEmpty()) throw new IllegalArgumentException(aead ? "AEAD proposal with integrity" : "proposal needs integrity");
    }
}
