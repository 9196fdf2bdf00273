package net.vpnaas.ike.sa;

import java.util.List;
import java.util.Objects;
import net.vpnaas.ike.crypto.IntegrityAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;

/**
 * The transforms negotiated for an IKE SA (one of each type). {@code integrity} is null with an AEAD
 * cipher. {@code additional}: the RFC 9370 additional key exchanges in the order they run (NONE left out).
 */
public record IkeAlgorithms(CipherChoice cipher, IntegrityAlgorithm integrity, PrfAlgorithm prf,
                            KeyExchangeMethod keyExchange, List<AdditionalKeyExchange> additional) {
    public IkeAlgorithms {
        additional = List.copyOf(additional);
        Objects.requireNonNull(cipher);
        Objects.requireNonNull(prf);
        Objects.requireNonNull(keyExchange);
        if (cipher.algorithm().aead() != (integrity == null)) {
            throw new IllegalArgumentException("integrity must be absent exactly for AEAD ciphers");
        }
    }

    public int integrityKeyLength() {
        return integrity == null ? 0 : integrity.keyLength();
    }

    public int encryptionKeyMaterialLength() {
        return cipher.algorithm().keyMaterialLength(cipher.keyBits());
    }

    @Override
    public String toString() {
        return cipher.algorithm() + "_" + cipher.keyBits() + (integrity == null ? "" : "/" + integrity) + "/" + prf + "/" + keyExchange
                + additional.stream().map(a -> "/" + a).reduce("", String::concat);
    }
}
