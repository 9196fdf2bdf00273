package net.vpnaas.model.crypto;

import java.util.List;

/**
 * One additional key exchange of an IKE proposal (RFC 9370, Transform Type 5 + {@code number}: ADDKE1
 * to ADDKE7), written as strongSwan does: {@code ke1_mlkem768}, alternatives as further tokens of the
 * same number ({@code ke1_mlkem768-ke1_mlkem1024}), and {@code ke1_none} to let the peer skip it.
 *
 * @param methods  in preference order, at least one
 * @param optional {@code keN_none} was given: NONE is offered too
 */
public record AdditionalKeyExchange(int number, List<KeyExchangeMethod> methods, boolean optional) {
    public static final int MAX = 7;

    public AdditionalKeyExchange {
        methods = List.copyOf(methods);
        if (number < 1 || number > MAX) throw new IllegalArgumentException("additional key exchange " + number);
        if (methods.isEmpty()) throw new IllegalArgumentException("ke" + number + " without a method");
    }

    /** The tokens in strongSwan's syntax, NONE last. */
    public List<String> tokens() {
        var tokens = new java.util.ArrayList<String>();
        methods.forEach(m -> tokens.add(prefix(number) + m.token()));
        if (optional) tokens.add(prefix(number) + "none");
        return tokens;
    }

    static String prefix(int number) {
        return "ke" + number + "_";
    }
}
