package net.vpnaas.model.net;

import java.net.InetAddress;
import java.util.List;

/**
 * Which IP addresses can be a VPN endpoint: a gateway's public address or a peer's address, where
 * IKE and ESP packets are sent across a network. Unspecified, loopback, multicast and broadcast
 * addresses never can (a packet to them never reaches a remote IKE daemon, and a reply from them
 * is impossible). Link-local addresses can, but only towards a peer on the same link, which suits
 * a lab or a directly cabled peer and not a service reached over routed networks: they are
 * refused unless whoever runs the service allows them.
 *
 * @param linkLocalAllowed whether 169.254.0.0/16 and fe80::/10 are accepted
 */
public record EndpointAddressRules(boolean linkLocalAllowed) {
    public static final EndpointAddressRules STRICT = new EndpointAddressRules(false);

    private record Reserved(AddressRange range, String cidr, String what, boolean linkLocal) {
        Reserved(String cidr, String what, boolean linkLocal) {
            this(Prefix.parse(cidr).range(), cidr, what, linkLocal);
        }
    }

    private static final List<Reserved> RESERVED = List.of(
            // RFC 1122 3.2.1.3: "this host on this network", a source address only, never a destination
            new Reserved("0.0.0.0/8", "unspecified (\"this network\")", false),
            new Reserved("127.0.0.0/8", "a loopback address", false),
            new Reserved("169.254.0.0/16", "link-local", true),
            new Reserved("224.0.0.0/4", "multicast", false),
            new Reserved("255.255.255.255/32", "the limited broadcast address", false),
            new Reserved("::/128", "unspecified", false),
            new Reserved("::1/128", "the loopback address", false),
            new Reserved("fe80::/10", "link-local", true),
            new Reserved("ff00::/8", "multicast", false));

    /**
     * Parses an IP address literal (as {@link AddressRange#parseAddress}) that must be able to be an
     * endpoint; the exception's message says what is wrong, e.g. {@code '127.0.0.1' is a loopback
     * address (127.0.0.0/8), never a VPN endpoint}.
     */
    public InetAddress parseEndpoint(String literal) {
        InetAddress address = AddressRange.parseAddress(literal);
        for (Reserved r : RESERVED) {
            if (r.range().contains(address) && !(r.linkLocal() && linkLocalAllowed)) {
                throw new IllegalArgumentException("'" + literal + "' is " + r.what() + " (" + r.cidr() + "), "
                        + (r.linkLocal() ? "refused as a VPN endpoint unless link-local endpoints are allowed" : "never a VPN endpoint"));
            }
        }
        return address;
    }
}
