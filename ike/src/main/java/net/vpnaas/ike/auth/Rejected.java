package net.vpnaas.ike.auth;

/**
 * Internal control flow of the AUTH decoders: carries the failure out of nested parsing code to
 * {@link SignatureAuthenticator#verify}, which turns it back into its result. Never escapes the package.
 */
final class Rejected extends Exception {
    private final transient VerifyResult result;

    Rejected(VerifyResult result) {
        super(result.toString(), null, false, false); // no stack trace: this is an expected outcome
        this.result = result;
    }

    VerifyResult result() {
        return result;
    }

    static Rejected malformed(String detail) {
        return new Rejected(new VerifyResult.Malformed(detail));
    }

    static Rejected unsupported(String detail) {
        return new Rejected(new VerifyResult.UnsupportedAlgorithm(detail));
    }
}
