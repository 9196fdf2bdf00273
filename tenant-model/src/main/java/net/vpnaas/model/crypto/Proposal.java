package net.vpnaas.model.crypto;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One SA proposal: alternatives per transform type, as in an IKEv2 SA payload. For an ESP
 * proposal {@code prfs} is empty and {@code keyExchanges} holds the PFS groups (may be empty).
 * {@code additionalKeyExchanges} (IKE only, RFC 9370) in ascending number, at most one per number.
 */
public record Proposal(
        List<EncryptionAlgorithm> encryptions,
        List<IntegrityAlgorithm> integrities,
        List<PseudoRandomFunction> prfs,
        List<KeyExchangeMethod> keyExchanges,
        List<AdditionalKeyExchange> additionalKeyExchanges) {

    public Proposal {
        encryptions = List.copyOf(encryptions);
        integrities = List.copyOf(integrities);
        prfs = List.copyOf(prfs);
        keyExchanges = List.copyOf(keyExchanges);
        additionalKeyExchanges = List.copyOf(additionalKeyExchanges);
    }

    /** A proposal with a single key exchange. */
    public Proposal(List<EncryptionAlgorithm> encryptions, List<IntegrityAlgorithm> integrities,
                    List<PseudoRandomFunction> prfs, List<KeyExchangeMethod> keyExchanges) {
        this(encryptions, integrities, prfs, keyExchanges, List.of());
    }

    /** The canonical strongSwan-style text, transforms in type order. */
    public String toText() {
        return Stream.of(
                        encryptions.stream().map(EncryptionAlgorithm::token),
                        integrities.stream().map(IntegrityAlgorithm::token),
                        prfs.stream().map(PseudoRandomFunction::token),
                        keyExchanges.stream().map(KeyExchangeMethod::token),
                        additionalKeyExchanges.stream().flatMap(a -> a.tokens().stream()))
                .flatMap(s -> s)
                .collect(Collectors.joining("-"));
    }
}
