package net.vpnaas.ike.sa;

import net.vpnaas.ike.crypto.KeyExchangeMethod;

/** A negotiated additional key exchange (RFC 9370): ADDKE{@code number} with {@code method}. */
public record AdditionalKeyExchange(int number, KeyExchangeMethod method) {
    @Override
    public String toString() {
        return "ADDKE" + number + "=" + method;
    }
}
