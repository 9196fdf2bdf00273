package net.vpnaas.ike.sa;

import java.util.List;
import java.util.Objects;
import net.vpnaas.ike.crypto.IntegrityAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.sasink.EspTransform;

/**
 * The transforms negotiated for an ESP Child SA. {@code integrity} is null with an AEAD cipher;
 * {@code pfsGroup} is null when the Child SA was keyed without a fresh key exchange; {@code additional}:
 * the RFC 9370 additional key exchanges that followed it in IKE_FOLLOWUP_KE, in the order they ran (NONE left out).
 */
public record ChildAlgorithms(CipherChoice cipher, IntegrityAlgorithm integrity, boolean esn, KeyExchangeMethod pfsGroup,
                              List<AdditionalKeyExchange> additional) {
    public ChildAlgorithms {
        additional = List.copyOf(additional);
        Objects.requireNonNull(cipher);
        if (pfsGroup == null && !additional.isEmpty()) throw new IllegalArgumentException("additional key exchanges without PFS");
        if (cipher.algorithm().aead() != (integrity == null)) {
            throw new IllegalArgumentException("integrity must be absent exactly for AEAD ciphers");
        }
    }

    public EspTransform espTransform() {
        return new EspTransform(cipher.algorithm().id(), cipher.keyBits(),
                integrity == null ? EspTransform.AUTH_NONE : integrity.id());
    }

    /** KEYMAT bytes one direction takes (RFC 7296 2.17: encryption key first, then integrity key). */
    public int keyMaterialPerDirection() {
        return cipher.algorithm().keyMaterialLength(cipher.keyBits()) + (integrity == null ? 0 : integrity.keyLength());
    }

    @Override
    public String toString() {
        return cipher.algorithm() + "_" + cipher.keyBits() + (integrity == null ? "" : "/" + integrity)
                + (esn ? "/ESN" : "") + (pfsGroup == null ? "" : "/" + pfsGroup)
                + additional.stream().map(a -> "/" + a).reduce("", String::concat);
    }
}
