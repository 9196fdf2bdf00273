package net.vpnaas.model.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * An IKEv2 identity (RFC 7296 section 3.5) in strongSwan's notation: an IP address, a domain name
 * (optionally prefixed with '@' to force the FQDN type), {@code user@example.com}, or a
 * distinguished name such as {@code C=DE, O=Example, CN=vpn.example.com}.
 */
public record IkeIdentity(Type type, String value) {
    public enum Type { IPV4_ADDR, IPV6_ADDR, FQDN, RFC822_ADDR, DER_ASN1_DN }

    private static final Pattern DN_PART = Pattern.compile("\\s*[A-Za-z][A-Za-z0-9.]*\\s*=\\s*[^,=]+");
    /** strongSwan's keyword for the e-mail attribute, which the JDK's DN parser does not know by itself. */
    private static final Map<String, String> EXTRA_DN_KEYWORDS = Map.of("E", "1.2.840.113549.1.9.1");

    public static IkeIdentity parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        if (text.length() > 255 || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("must be at most 255 printable characters");
        }
        if (text.contains("=")) {
            for (String part : text.split(",", -1)) {
                if (!DN_PART.matcher(part).matches()) {
                    throw new IllegalArgumentException("'" + text + "' is not a distinguished name (KEY=value, ...)");
                }
            }
            try {
                principal(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a distinguished name: " + e.getMessage());
            }
            return new IkeIdentity(Type.DER_ASN1_DN, text);
        }
        if (text.startsWith("@")) {
            String fqdn = text.substring(1);
            if (fqdn.isEmpty() || fqdn.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("'" + text + "' is not a domain name");
            }
            return new IkeIdentity(Type.FQDN, fqdn);
        }
        int at = text.indexOf('@');
        if (at > 0) {
            if (!HostAddress.isFqdn(text.substring(at + 1)) || text.substring(0, at).chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("'" + text + "' is not an e-mail style identity");
            }
            return new IkeIdentity(Type.RFC822_ADDR, text);
        }
        if (text.indexOf(':') >= 0 || text.matches("[0-9.]+")) {
            var address = AddressRange.parseAddress(text);
            return new IkeIdentity(address.getAddress().length == 4 ? Type.IPV4_ADDR : Type.IPV6_ADDR, text);
        }
        if (!HostAddress.isFqdn(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address, domain name, e-mail address or distinguished name");
        }
        return new IkeIdentity(Type.FQDN, text);
    }

    /** The address of an IPV4_ADDR or IPV6_ADDR identity. */
    public InetAddress address() {
        if (type != Type.IPV4_ADDR && type != Type.IPV6_ADDR) {
            throw new IllegalStateException(type + " identity has no address");
        }
        return AddressRange.parseAddress(value);
    }

    /**
     * The name of a DER_ASN1_DN identity. strongSwan writes a DN in the order of its ASN.1
     * encoding ({@code C=DE, O=Example, CN=gw}), the JDK's parser in reverse (RFC 4514), so the
     * relative names are reversed before parsing: both then encode the same bytes.
     */
    public X500Principal distinguishedName() {
        if (type != Type.DER_ASN1_DN) {
            throw new IllegalStateException(type + " identity is no distinguished name");
        }
        return principal(value);
    }

    private static X500Principal principal(String strongSwanDn) {
        List<String> parts = Arrays.stream(strongSwanDn.split(",")).map(String::strip).toList().reversed();
        return new X500Principal(String.join(", ", parts), EXTRA_DN_KEYWORDS);
    }
}
