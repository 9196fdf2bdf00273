package net.vpnaas.ike.auth;

/**
 * The negotiated IKE SA pseudo-random function (RFC 7296 section 2.13), e.g. HMAC-SHA-256.
 * Passed in by the engine so that this package does not depend on the crypto package.
 */
@FunctionalInterface
public interface Prf {
    /** Returns prf(key, data); must not keep references to either array. */
    byte[] compute(byte[] key, byte[] data);
}
