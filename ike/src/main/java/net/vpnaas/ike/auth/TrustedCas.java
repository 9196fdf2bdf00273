package net.vpnaas.ike.auth;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.security.auth.x500.X500Principal;

/**
 * The CA certificates a tunnel trusts for its peer's certificate, e.g. from a PEM bundle in the
 * tunnel configuration. Any certificate may be in it: roots, intermediates, or a peer's own
 * self-signed certificate to pin it.
 */
public final class TrustedCas {
    private final List<X509Certificate> certificates;

    private TrustedCas(List<X509Certificate> certificates) {
        this.certificates = certificates;
    }

    public static TrustedCas of(Collection<X509Certificate> certificates) {
        if (certificates.isEmpty()) throw new IllegalArgumentException("no trusted CA");
        return new TrustedCas(List.copyOf(certificates));
    }

    public static TrustedCas fromPem(String pem) throws PemFormatException {
        return new TrustedCas(PemFiles.certificates(pem));
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    List<X509Certificate> withSubject(X500Principal subject) {
        return certificates.stream().filter(c -> c.getSubjectX500Principal().equals(subject)).toList();
    }

    boolean contains(X509Certificate certificate) {
        return certificates.contains(certificate);
    }
}
