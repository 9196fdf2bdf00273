package net.vpnaas.ike.config;

import java.util.List;
import net.vpnaas.ike.crypto.IntegrityAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.sa.CipherChoice;

/**
 * One locally configured IKE proposal; each list in preference order. {@code integrity} is empty for
 * AEAD ciphers. {@code additional}: the RFC 9370 additional key exchanges, at most one per number,
 * in ascending order; empty for a proposal with one key exchange.
 */
public record IkeProposalConfig(List<CipherChoice> ciphers, List<IntegrityAlgorithm> integrity,
                                List<PrfAlgorithm> prfs, List<KeyExchangeMethod> groups,
                                List<AdditionalKeyExchangeConfig> additional) {
    public IkeProposalConfig(List<CipherChoice> ciphers, List<IntegrityAlgorithm> integrity,
                             List<PrfAlgorithm> prfs, List<KeyExchangeMethod> groups) {
        this(ciphers, integrity, prfs, groups, List.of());
    }

    public IkeProposalConfig {
        ciphers = List.copyOf(ciphers);
        integrity = List.copyOf(integrity);
        prfs = List.copyOf(prfs);
        groups = List.copyOf(groups);
        additional = List.copyOf(additional);
        checkAscending(additional);
        if (ciphers.isEmpty() || prfs.isEmpty() || groups.isEmpty()) throw new IllegalArgumentException("IKE proposal needs a cipher, a PRF and a group");
        // A responder would take a QKD key for every IKE_SA_INIT, spoofed ones included: QKD only after the round trip.
        if (groups.contains(KeyExchangeMethod.QKD)) throw new IllegalArgumentException("QKD is only an additional key exchange, never in IKE_SA_INIT");
        boolean aead = ciphers.getFirst().algorithm().aead();
        if (ciphers.stream().anyMatch(c -> c.algorithm().aead() != aead)) throw new IllegalArgumentException("do not mix AEAD and non-AEAD ciphers in one proposal");
        if (aead != integrity.isEmpty()) throw new IllegalArgumentException(aead ? "AEAD proposal with integrity" : "proposal needs integrity");
    }

    static void checkAscending(List<AdditionalKeyExchangeConfig> additional) {
        for (int i = 1; i < additional.size(); i++) {
            if (additional.get(i).number() <= additional.get(i - 1).number()) {
                throw new IllegalArgumentException("additional key exchanges must have ascending, distinct numbers");
            }
        }
    }
}
