package net.vpnaas.ike.config;

import java.util.List;
import net.vpnaas.ike.crypto.IntegrityAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.sa.CipherChoice;

/** One locally configured ESP proposal. {@code pfsGroups} empty: no key exchange in CREATE_CHILD_SA. */
public record EspProposalConfig(List<CipherChoice> ciphers, List<IntegrityAlgorithm> integrity,
                                List<KeyExchangeMethod> pfsGroups, boolean esn) {
    public EspProposalConfig {
        ciphers = List.copyOf(ciphers);
        integrity = List.copyOf(integrity);
        pfsGroups = List.copyOf(pfsGroups);
        if (ciphers.isEmpty()) throw new IllegalArgumentException("ESP proposal needs a cipher");
        boolean aead = ciphers.getFirst().algorithm().aead();
        if (ciphers.stream().anyMatch(c -> c.algorithm().aead() != aead)) throw new IllegalArgumentException("do not mix AEAD and non-AEAD ciphers in one proposal");
        if (aead != integrity.isEmpty()) throw new IllegalArgumentException(aead ? "AEAD proposal with integrity" : "proposal needs integrity");
    }
}
