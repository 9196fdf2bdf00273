package net.vpnaas.ike.auth;

/** Outcome of {@link IdentityMatcher#check}. */
public sealed interface IdentityResult {

    record Matched() implements IdentityResult {
    }

    /** The peer claims an identity other than the one configured for this tunnel. */
    record UnexpectedIdentity(IkeIdentity peer, IkeIdentity expected) implements IdentityResult {
    }

    /** The peer's certificate does not certify the identity it claims. */
    record NotInCertificate(IkeIdentity peer, String certificateSubject) implements IdentityResult {
    }

    default boolean matched() {
        return this instanceof Matched;
    }
}
