package net.vpnaas.api.support;

import net.vpnaas.model.PeerAuth;

/**
 * A peer's authentication as its row stores it (auth_method and the certificate columns), its
 * secrets left out: for comparisons and for the rules between tunnels and peers, which never need them.
 */
public final class StoredPeerAuth {
    private StoredPeerAuth() {}

    public static PeerAuth withoutSecrets(String authMethod, String caBundlePem, String expectedIdentity) {
        return switch (authMethod) {
            case "psk" -> new PeerAuth.Psk(null);
            case "null" -> new PeerAuth.Null(null);
            case "certificate" -> new PeerAuth.Certificate(caBundlePem, expectedIdentity);
            case "password" -> new PeerAuth.Password(null);
            default -> throw new IllegalStateException("unknown auth_method " + authMethod);
        };
    }
}
