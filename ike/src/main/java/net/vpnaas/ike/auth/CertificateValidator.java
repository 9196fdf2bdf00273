package net.vpnaas.ike.auth;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates the certificates a peer sent in its CERT payloads against the tunnel's trusted CAs
 * (RFC 5280 path validation through the JDK's PKIX {@link CertPathValidator}).
 *
 * <p>We assemble the path ourselves before handing it to PKIX: the JDK's path builder reports every
 * failure to find a path as the same opaque exception, while an operator needs to know whether an
 * intermediate is missing, the root is not trusted, or a certificate has expired.
 *
 * <p>Revocation checking is off. The JDK's checker would fetch CRLs or ask OCSP responders over the
 * network from inside the IKE SA's thread, stalling every exchange of that SA for as long as a
 * responder takes; gateways often cannot reach those URLs at all, and the checker then fails
 * closed, taking tunnels down because of a third party's web server. Short-lived certificates, and
 * removing a peer's trust through a configuration push, are how this service revokes.
 */
public final class CertificateValidator {
    /** Longer chains than this are not something a VPN peer legitimately sends; also bounds our work. */
    static final int MAX_PATH_LENGTH = 8;

    private CertificateValidator() {
    }

    /**
     * @param peerCertificates the certificates of the peer's CERT payloads in the order received: the
     *                         first one holds the key that signed AUTH (RFC 7296 section 3.6), the
     *                         others are intermediates in any order
     * @param now              the time to validate at (the engine's clock)
     */
    public static ValidationResult validate(List<X509Certificate> peerCertificates, TrustedCas trusted, Instant now) {
        if (peerCertificates.isEmpty()) return new ValidationResult.Rejected("", "the peer sent no certificate");
        X509Certificate endEntity = peerCertificates.getFirst();
        Set<X509Certificate> received = new LinkedHashSet<>(peerCertificates);
        List<X509Certificate> path = new ArrayList<>();
        path.add(endEntity);
        X509Certificate current = endEntity;
        X509Certificate anchor;
        while (true) {
            if (current != endEntity && trusted.contains(current)) {
                // The peer sent one of our trusted CAs itself: the path ends below it.
                path.removeLast();
                anchor = current;
                break;
            }
            X509Certificate cert = current;
            List<X509Certificate> trustedIssuers = trusted.withSubject(cert.getIssuerX500Principal());
            Optional<X509Certificate> trustedIssuer = trustedIssuers.stream()
                    .filter(ca -> isSignedBy(cert, ca.getPublicKey())).findFirst();
            if (trustedIssuer.isPresent()) {
                anchor = trustedIssuer.get();
                break;
            }
            if (path.size() >= MAX_PATH_LENGTH) {
                return new ValidationResult.Rejected(subject(endEntity), "chain longer than " + MAX_PATH_LENGTH);
            }
            Optional<X509Certificate> issuer = received.stream()
                    .filter(c -> !path.contains(c))
                    .filter(c -> c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()))
                    .filter(c -> isSignedBy(cert, c.getPublicKey()))
                    .findFirst();
            if (issuer.isEmpty()) {
                if (isSelfSigned(cert)) return new ValidationResult.UntrustedRoot(subject(cert));
                if (!trustedIssuers.isEmpty()) {
                    return new ValidationResult.Rejected(subject(cert),
                            "signature does not verify with the key of trusted CA " + cert.getIssuerX500Principal().getName());
                }
                return new ValidationResult.UnknownIssuer(subject(cert), cert.getIssuerX500Principal().getName());
            }
            current = issuer.get();
            path.add(current);
        }
        return validatePath(path, anchor, now);
    }

    private static ValidationResult validatePath(List<X509Certificate> path, X509Certificate anchor, Instant now) {
        // PKIX treats the trust anchor as a bare name and key and never looks at its validity period;
        // an expired CA in the bundle must still stop the tunnel.
        if (now.isAfter(anchor.getNotAfter().toInstant())) {
            return new ValidationResult.Expired(subject(anchor), anchor.getNotAfter().toInstant());
        }
        if (now.isBefore(anchor.getNotBefore().toInstant())) {
            return new ValidationResult.NotYetValid(subject(anchor), anchor.getNotBefore().toInstant());
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            parameters.setRevocationEnabled(false); // see the class comment
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            X509Certificate failed = e.getIndex() >= 0 && e.getIndex() < path.size() ? path.get(e.getIndex()) : path.getFirst();
            if (e.getReason() == BasicReason.EXPIRED) {
                return new ValidationResult.Expired(subject(failed), failed.getNotAfter().toInstant());
            }
            if (e.getReason() == BasicReason.NOT_YET_VALID) {
                return new ValidationResult.NotYetValid(subject(failed), failed.getNotBefore().toInstant());
            }
            return new ValidationResult.Rejected(subject(failed), e.getReason() + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return new ValidationResult.Rejected(subject(path.getFirst()), e.getMessage());
        }
        X509Certificate endEntity = path.getFirst();
        boolean[] keyUsage = endEntity.getKeyUsage();
        // RFC 4945 section 5.1.3.2: if key usage is present, digitalSignature or nonRepudiation must be set.
        if (keyUsage != null && !(keyUsage[0] || keyUsage.length > 1 && keyUsage[1])) {
            return new ValidationResult.Rejected(subject(endEntity),
                    "key usage allows neither digitalSignature nor nonRepudiation");
        }
        return new ValidationResult.Valid(path, anchor);
    }

    private static boolean isSignedBy(X509Certificate cert, PublicKey key) {
        try {
            cert.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isSelfSigned(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && isSignedBy(cert, cert.getPublicKey());
    }

    private static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }
}
