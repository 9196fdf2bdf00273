package net.vpnaas.model.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The key exchanges that give a Child SA perfect forward secrecy (a policy's {@code pfsGroup}): one
 * method in its CREATE_CHILD_SA and, written after it as strongSwan does ({@code x25519-ke1_mlkem768}),
 * RFC 9370 additional ones that follow in IKE_FOLLOWUP_KE exchanges, e.g. to make Child SA rekeys
 * quantum-safe with ML-KEM beside a classic method.
 *
 * @param additional in ascending number, at most one per number; empty for a single key exchange
 */
public record PfsKeyExchanges(KeyExchangeMethod method, List<AdditionalKeyExchange> additional) {

    public PfsKeyExchanges {
        Objects.requireNonNull(method);
        additional = List.copyOf(additional);
    }

    /** The canonical text in strongSwan's syntax, e.g. {@code x25519-ke1_mlkem768}. */
    public String toText() {
        List<String> tokens = new ArrayList<>();
        tokens.add(method.token());
        additional.forEach(a -> tokens.addAll(a.tokens()));
        return String.join("-", tokens);
    }
}
