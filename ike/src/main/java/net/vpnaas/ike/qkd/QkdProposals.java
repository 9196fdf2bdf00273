package net.vpnaas.ike.qkd;

import java.util.ArrayList;
import java.util.List;
import net.vpnaas.ike.config.AdditionalKeyExchangeConfig;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.crypto.KeyExchangeMethod;

/**
 * The initiator's fallback when its KME gives no key: QKD is left out of what it offers, so the
 * other methods of the same additional key exchange (e.g. ML-KEM-768, written {@code ke1_qkd_mlkem768}
 * or added by the policy's QKD fallback) take its place. A proposal that needs a QKD exchange and has
 * no alternative is dropped; when none is left, the policy is "fail" and the IKE SA is not set up.
 */
public final class QkdProposals {
    private QkdProposals() {}

    /** Whether any proposal offers QKD as an additional key exchange. */
    public static boolean offerQkd(List<IkeProposalConfig> proposals) {
        return proposals.stream().flatMap(p -> p.additional().stream()).anyMatch(a -> a.methods().contains(KeyExchangeMethod.QKD));
    }

    /** {@code proposals} without QKD: possibly empty, when every one of them needs it. */
    public static List<IkeProposalConfig> withoutQkd(List<IkeProposalConfig> proposals) {
        List<IkeProposalConfig> left = new ArrayList<>();
        proposals:
        for (IkeProposalConfig p : proposals) {
            List<AdditionalKeyExchangeConfig> additional = new ArrayList<>();
            for (AdditionalKeyExchangeConfig a : p.additional()) {
                List<KeyExchangeMethod> methods = a.methods().stream().filter(m -> m != KeyExchangeMethod.QKD).toList();
                if (!methods.isEmpty()) additional.add(new AdditionalKeyExchangeConfig(a.number(), methods, a.optional()));
                else if (!a.optional()) continue proposals; // offering nothing of the type lets the peer skip it
            }
            left.add(new IkeProposalConfig(p.ciphers(), p.integrity(), p.prfs(), p.groups(), additional));
        }
        return left;
    }
}
