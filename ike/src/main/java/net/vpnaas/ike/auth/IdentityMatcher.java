package net.vpnaas.ike.auth;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Binds an IKE identity to a certificate (RFC 4945 section 3.1) and to the identity configured for
 * the tunnel. FQDN, RFC822 and IP identities must appear in the subjectAltName extension (dNSName,
 * rfc822Name, iPAddress); a DER_ASN1_DN identity must equal the certificate's subject. The
 * subject's common name is never used for FQDNs: RFC 4945 forbids it, and it would let any
 * certificate with a matching CN stand in for a host name.
 */
public final class IdentityMatcher {
    private IdentityMatcher() {
    }

    /**
     * The full IKE_AUTH identity check: the peer's identity is the configured one, and its
     * certificate certifies it.
     */
    public static IdentityResult check(IkeIdentity peer, IkeIdentity expected, X509Certificate certificate) {
        if (!sameIdentity(peer, expected)) return new IdentityResult.UnexpectedIdentity(peer, expected);
        if (!matches(peer, certificate)) {
            return new IdentityResult.NotInCertificate(peer, certificate.getSubjectX500Principal().getName());
        }
        return new IdentityResult.Matched();
    }

    /** Whether {@code certificate} certifies {@code identity}. Never throws for any identity data. */
    public static boolean matches(IkeIdentity identity, X509Certificate certificate) {
        return switch (identity.type()) {
            case DER_ASN1_DN -> identity.principal().map(certificate.getSubjectX500Principal()::equals).orElse(false);
            case FQDN -> IkeIdentity.ascii(identity.data())
                    .map(name -> subjectAltNames(certificate, GeneralName.dNSName).stream()
                            .anyMatch(san -> sameHostName(name, text(san))))
                    .orElse(false);
            case RFC822_ADDR -> IkeIdentity.ascii(identity.data())
                    .map(address -> subjectAltNames(certificate, GeneralName.rfc822Name).stream()
                            .anyMatch(san -> address.equalsIgnoreCase(text(san))))
                    .orElse(false);
            case IPV4_ADDR, IPV6_ADDR -> identity.address()
                    .map(address -> subjectAltNames(certificate, GeneralName.iPAddress).stream()
                            .anyMatch(san -> Arrays.equals(address.getAddress(), octets(san))))
                    .orElse(false);
            default -> false; // KEY_ID and the rest cannot be bound to a certificate
        };
    }

    /**
     * Equality of identities as operators mean it: host names and mail addresses ignore ASCII case
     * (and an FQDN's trailing dot), distinguished names compare in canonical form, the rest byte for byte.
     */
    public static boolean sameIdentity(IkeIdentity a, IkeIdentity b) {
        if (a.type() != b.type()) return false;
        return switch (a.type()) {
            case FQDN -> bothAscii(a, b).map(p -> sameHostName(p[0], p[1])).orElse(false);
            case RFC822_ADDR -> bothAscii(a, b).map(p -> p[0].equalsIgnoreCase(p[1])).orElse(false);
            case DER_ASN1_DN -> {
                Optional<X500Principal> pa = a.principal();
                Optional<X500Principal> pb = b.principal();
                yield pa.isPresent() && pa.equals(pb);
            }
            case IPV4_ADDR, IPV6_ADDR -> a.address().isPresent() && a.address().equals(b.address());
            default -> Arrays.equals(a.data(), b.data());
        };
    }

    private static Optional<String[]> bothAscii(IkeIdentity a, IkeIdentity b) {
        Optional<String> ta = IkeIdentity.ascii(a.data());
        Optional<String> tb = IkeIdentity.ascii(b.data());
        return ta.isPresent() && tb.isPresent() ? Optional.of(new String[] {ta.get(), tb.get()}) : Optional.empty();
    }

    private static boolean sameHostName(String a, String b) {
        return stripDot(a).toLowerCase(Locale.ROOT).equals(stripDot(b).toLowerCase(Locale.ROOT));
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String text(GeneralName name) {
        return name.getName() instanceof ASN1String s ? s.getString() : "";
    }

    private static byte[] octets(GeneralName name) {
        return name.getName() instanceof ASN1OctetString s ? s.getOctets() : new byte[0];
    }

    /** The subjectAltName entries of one tag; empty if the extension is absent or unparsable. */
    private static List<GeneralName> subjectAltNames(X509Certificate certificate, int tag) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (extension == null) return List.of();
        try {
            GeneralNames names = GeneralNames.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets()));
            return Arrays.stream(names.getNames()).filter(n -> n.getTagNo() == tag).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
