package net.vpnaas.model.net;

import java.util.regex.Pattern;

/** A remote endpoint written as an IP address literal or a fully qualified domain name. */
public final class HostAddress {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private HostAddress() {}

    /**
     * Returns null when acceptable, otherwise what is wrong. An IP address must also be able to be a
     * VPN endpoint under {@code rules}; validation never resolves a domain name.
     */
    public static String problem(String text, EndpointAddressRules rules) {
        if (text == null || text.isEmpty()) {
            return "must be an IP address or a domain name";
        }
        if (text.indexOf(':') >= 0 || text.matches("[0-9.]+")) {
            try {
                rules.parseEndpoint(text);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        return isFqdn(text) ? null : "'" + text + "' is neither an IP address nor a domain name";
    }

    public static boolean isFqdn(String text) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.length() > 253 || !name.contains(".")) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // the top-level label of a DNS name is never all digits (that would be a mistyped IPv4 address)
        return !name.substring(name.lastIndexOf('.') + 1).matches("[0-9]+");
    }
}
