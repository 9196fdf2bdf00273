package net.vpnaas.ike.auth;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** Outcome of {@link CertificateValidator#validate}; subjects are RFC 2253 strings. */
public sealed interface ValidationResult {

    /**
     * @param path      the peer's end-entity certificate first, then each issuer up to (not
     *                  including) the trusted CA
     * @param trustedCa the configured CA the path ends at
     */
    record Valid(List<X509Certificate> path, X509Certificate trustedCa) implements ValidationResult {
        public Valid {
            path = List.copyOf(path);
        }

        public X509Certificate endEntity() {
            return path.getFirst();
        }
    }

    record Expired(String subject, Instant notAfter) implements ValidationResult {
    }

    record NotYetValid(String subject, Instant notBefore) implements ValidationResult {
    }

    /**
     * No certificate received or trusted is named as {@code subject}'s issuer: either the peer did
     * not send an intermediate CA certificate, or the issuer is a CA we do not trust. The bytes
     * cannot tell these apart; {@code issuer} names the missing certificate.
     */
    record UnknownIssuer(String subject, String issuer) implements ValidationResult {
    }

    /** The chain ends at a self-signed certificate that is not among the trusted CAs. */
    record UntrustedRoot(String subject) implements ValidationResult {
    }

    /** Any other reason PKIX refuses the path (bad signature, not a CA, key usage, path length, ...). */
    record Rejected(String subject, String reason) implements ValidationResult {
    }

    default boolean valid() {
        return this instanceof Valid;
    }
}
