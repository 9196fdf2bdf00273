package net.vpnaas.ike.auth;

/**
 * Outcome of checking a peer's signature AUTH payload. Every failure says why in words fit for a
 * log line; none of them carries secret material.
 */
public sealed interface VerifyResult {

    /** The signature is good; {@code scheme} says how it was made, for the engine's policy checks. */
    record Verified(SignatureScheme scheme) implements VerifyResult {
    }

    /** Well formed, right key type, but the signature does not verify over the signed octets. */
    record BadSignature(SignatureScheme scheme) implements VerifyResult {
    }

    /** An AUTH method, signature algorithm, hash or parameter set this implementation does not accept. */
    record UnsupportedAlgorithm(String detail) implements VerifyResult {
    }

    /** The algorithm needs another kind of key (or curve) than the one in the peer's certificate. */
    record KeyTypeMismatch(String detail) implements VerifyResult {
    }

    /** The AUTH data cannot be decoded. */
    record Malformed(String detail) implements VerifyResult {
    }

    default boolean verified() {
        return this instanceof Verified;
    }
}
