package net.vpnaas.ike.auth;

import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.util.Optional;

/** The kinds of signing key this package can use. */
public enum KeyType {
    RSA,
    EC,
    ED25519;

    /** Works for JDK and Bouncy Castle keys alike; empty for anything else (DSA, Ed448, ...). */
    public static Optional<KeyType> of(Key key) {
        if (key instanceof RSAKey) return Optional.of(RSA);
        if (key instanceof ECKey) return Optional.of(EC);
        if (key instanceof EdECKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            return Optional.of(ED25519);
        }
        // Bouncy Castle's EdDSA keys do not implement EdECKey but name their curve.
        if ("Ed25519".equalsIgnoreCase(key.getAlgorithm())) return Optional.of(ED25519);
        return Optional.empty();
    }
}
