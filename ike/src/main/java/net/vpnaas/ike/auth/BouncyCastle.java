package net.vpnaas.ike.auth;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Our private Bouncy Castle provider instance, used only where it is much faster than the JDK
 * (Ed25519, ECDSA verification; see SignatureAuthenticator). It is deliberately not registered with
 * {@link java.security.Security}: registering would silently change which provider every other
 * {@code getInstance} call in the agent gets.
 */
final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
