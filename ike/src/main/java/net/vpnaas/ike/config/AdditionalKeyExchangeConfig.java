package net.vpnaas.ike.config;

import java.util.List;
import net.vpnaas.ike.crypto.KeyExchangeMethod;

/**
 * What we offer for one additional key exchange of RFC 9370 (Transform Type 5 + {@code number}, ADDKE1
 * to ADDKE7): its methods in preference order and, if {@code optional}, NONE as well, so a peer
 * may skip it. strongSwan writes {@code ke1_mlkem768} and {@code ke1_none}.
 */
public record AdditionalKeyExchangeConfig(int number, List<KeyExchangeMethod> methods, boolean optional) {
    public static final int MAX = 7;

    public AdditionalKeyExchangeConfig {
        methods = List.copyOf(methods);
        if (number < 1 || number > MAX) throw new IllegalArgumentException("additional key exchange " + number + " is not 1 to 7");
        if (methods.isEmpty()) throw new IllegalArgumentException("additional key exchange " + number + " needs a method");
    }
}
