package net.vpnaas.ike.sa;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.crypto.KeyExchangeMethod;

/**
 * What protects an IKE SA's keys against someone who records the traffic now and has a quantum
 * computer later: the ML-KEM and QKD key exchanges that went into them (in IKE_SA_INIT, IKE_INTERMEDIATE
 * or a rekey) and the PPK mixed in by IKE_AUTH (RFC 8784). Its Child SAs and the IKE SAs that rekey it
 * derive from its SK_d and keep the protection, so a rekeyed IKE SA inherits it (RFC 8784 section 3,
 * RFC 9370 section 2.2.4).
 *
 * @param methods     the post-quantum key exchange methods (ML-KEM, QKD), in the order they were used
 * @param ppkId       the PPK's id, empty without one
 * @param qkdFallback why the IKE SA went without the QKD key its policy prefers (the KME gave none, so
 *                    the initiator offered the fallback instead); empty when it did not fall back
 */
public record QuantumSafety(List<KeyExchangeMethod> methods, Optional<String> ppkId, Optional<String> qkdFallback) {
    public static final QuantumSafety NONE = new QuantumSafety(List.of(), Optional.empty());

    public QuantumSafety {
        methods = List.copyOf(methods);
    }

    public QuantumSafety(List<KeyExchangeMethod> methods, Optional<String> ppkId) {
        this(methods, ppkId, Optional.empty());
    }

    /** Neither a post-quantum key exchange nor a PPK: a quantum computer could recover the keys from recorded traffic. */
    public boolean none() {
        return methods.isEmpty() && ppkId.isEmpty();
    }

    /** An IKE SA's own protection: the post-quantum methods of its algorithms and its PPK, added to what it inherited. */
    static QuantumSafety of(IkeAlgorithms algorithms, String ppkId, String qkdFallback, QuantumSafety inherited) {
        var methods = new LinkedHashSet<>(inherited.methods());
        if (algorithms != null) {
            if (algorithms.keyExchange().quantumSafe()) methods.add(algorithms.keyExchange());
            algorithms.additional().stream().map(AdditionalKeyExchange::method).filter(KeyExchangeMethod::quantumSafe).forEach(methods::add);
        }
        return new QuantumSafety(new ArrayList<>(methods), inherited.ppkId().or(() -> Optional.ofNullable(ppkId)),
                inherited.qkdFallback().or(() -> Optional.ofNullable(qkdFallback)));
    }

    /**
     * For logs and listings, e.g. {@code QKD+PPK(ppk-a)}, {@code ML_KEM_768 (QKD fell back: ...)}, or
     * {@code none}.
     */
    @Override
    public String toString() {
        String fallback = qkdFallback.map(r -> " (QKD fell back: " + r + ")").orElse("");
        if (none()) return "none" + fallback;
        List<String> parts = new ArrayList<>(methods.stream().map(Enum::name).toList());
        ppkId.ifPresent(id -> parts.add("PPK(" + id + ")"));
        return String.join("+", parts) + fallback;
    }
}
