package net.vpnaas.model.net;

import java.util.regex.Pattern;

/**
 * An IKEv2 identity (RFC 7296 section 3.5) in strongSwan's notation: an IP address, a domain name
 * (optionally prefixed with '@' to force the FQDN type), {@code user@example.com}, or a
 * distinguished name such as {@code C=DE, O=Example, CN=vpn.example.com}.
 */
public record IkeIdentity(Type type, String value) {
    public enum Type { IPV4_ADDR, IPV6_ADDR, FQDN, RFC822_ADDR, DER_ASN1_DN }

    private static final Pattern DN_PART = Pattern.compile("\\s*[A-Za-z][A-Za-z0-9.]*\\s*=\\s*[^,=]+");

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
}
