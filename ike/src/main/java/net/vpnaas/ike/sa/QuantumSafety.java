package net.vpnaas.ike.sa;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.crypto.KeyExchangeMethod;

/**
 * What protects an IKE SA's keys against someone who records the traffic now and has a quantum
 * computer later: the ML-KEM key exchanges that went into them (in IKE_SA_INIT, IKE_INTERMEDIATE or a
 * rekey) and the PPK mixed in by IKE_AUTH (RFC 8784). Its Child SAs and the IKE SAs that rekey it
 * derive from its SK_d and keep the protection, so a rekeyed IKE SA inherits it (RFC 8784 section 3,
 * RFC 9370 section 2.2.4).
 *
 * @param mlKem the ML-KEM methods, in the order they were used
 * @param ppkId the PPK's id, empty without one
 */
public record QuantumSafety(List<KeyExchangeMethod> mlKem, Optional<String> ppkId) {
    public static final QuantumSafety NONE = new QuantumSafety(List.of(), Optional.empty());

    public QuantumSafety {
        mlKem = List.copyOf(mlKem);
    }

    /** Neither ML-KEM nor a PPK: a quantum computer could recover the keys from recorded traffic. */
    public boolean none() {
        return mlKem.isEmpty() && ppkId.isEmpty();
    }

    /** An IKE SA's own protection: the ML-KEM methods of its algorithms and its PPK, added to what it inherited. */
    static QuantumSafety of(IkeAlgorithms algorithms, String ppkId, QuantumSafety inherited) {
        var methods = new LinkedHashSet<>(inherited.mlKem());
        if (algorithms != null) {
            if (algorithms.keyExchange().kem()) methods.add(algorithms.keyExchange());
            algorithms.additional().stream().map(AdditionalKeyExchange::method).filter(KeyExchangeMethod::kem).forEach(methods::add);
        }
        return new QuantumSafety(new ArrayList<>(methods), inherited.ppkId().or(() -> Optional.ofNullable(ppkId)));
    }

    /** For logs and listings, e.g. {@code ML_KEM_768+PPK(ppk-a)}, or {@code none}. */
    @Override
    public String toString() {
        if (none()) return "none";
        List<String> parts = new ArrayList<>(mlKem.stream().map(Enum::name).toList());
        ppkId.ifPresent(id -> parts.add("PPK(" + id + ")"));
        return String.join("+", parts);
    }
}
