package net.vpnaas.api.ikeca;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import net.vpnaas.model.net.AddressRange;

/**
 * What the API shows of a certificate (never a key), read from the certificate itself so it can
 * never disagree with it. Names are in RFC 2253 order; subjectAltNames as {@code IP:192.0.2.10},
 * {@code DNS:vpn.example.com}, {@code email:...}, {@code URI:...} or {@code DirName:...}.
 */
record CertificateFacts(String subject, String issuer, String serialNumber, List<String> subjectAltNames,
                        Instant notBefore, Instant notAfter, String sha256Fingerprint) {

    static CertificateFacts of(X509Certificate c) {
        return new CertificateFacts(c.getSubjectX500Principal().getName(X500Principal.RFC2253),
                c.getIssuerX500Principal().getName(X500Principal.RFC2253), c.getSerialNumber().toString(16),
                subjectAltNames(c), c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), fingerprint(c));
    }

    /** Whether the certificate names {@code address} as an iPAddress subjectAltName. */
    static boolean namesAddress(X509Certificate c, InetAddress address) {
        return sans(c).stream().anyMatch(san -> (Integer) san.get(0) == 7
                && parse((String) san.get(1)).filter(address::equals).isPresent());
    }

    private static List<String> subjectAltNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        for (List<?> san : sans(c)) {
            String value = String.valueOf(san.get(1));
            out.add(switch ((Integer) san.get(0)) {
                case 1 -> "email:" + value;
                case 2 -> "DNS:" + value;
                case 4 -> "DirName:" + value;
                case 6 -> "URI:" + value;
                case 7 -> "IP:" + parse(value).map(InetAddress::getHostAddress).orElse(value);
                default -> "other:" + san.get(0);
            });
        }
        return List.copyOf(out);
    }

    private static Collection<List<?>> sans(X509Certificate c) {
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static Optional<InetAddress> parse(String address) {
        try {
            return Optional.of(AddressRange.parseAddress(address));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
