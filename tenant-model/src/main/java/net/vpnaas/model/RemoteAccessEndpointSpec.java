package net.vpnaas.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.net.Prefix;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * A remote-access endpoint of a gateway: clients (laptops, phones) authenticate with EAP, which the
 * gateway passes to {@code radiusServers} (the first while it answers, then the second); they get a
 * virtual IP from {@code addressPools} (at most one IPv4 and one IPv6 prefix; an address is never
 * handed to two clients at once), the {@code dnsServers}, and routes to {@code allowedNetworks} only
 * (split tunnel). The gateway authenticates with its certificate, or, when a client asks for EAP-only
 * (RFC 5998), {@code eapOnly} allows it and the method authenticates the server too (EAP-TLS), with the
 * EAP method alone. {@code cryptoPolicy} names the policy whose proposals and lifetimes apply.
 */
public record RemoteAccessEndpointSpec(String name, String cryptoPolicy, List<String> addressPools, List<String> dnsServers,
                                       List<String> allowedNetworks, List<RadiusServerSpec> radiusServers, Boolean eapOnly) {
    /** Two RADIUS servers, as the usual primary and standby. */
    public static final int MAX_RADIUS_SERVERS = 2;

    public RemoteAccessEndpointSpec withDefaults() {
        return new RemoteAccessEndpointSpec(name, cryptoPolicy, addressPools, dnsServers == null ? List.of() : dnsServers,
                allowedNetworks, radiusServers == null ? null : radiusServers.stream().map(r -> r == null ? null : r.withDefaults()).toList(),
                eapOnly != null && eapOnly);
    }

    public List<Violation> validate() {
        Violations v = new Violations();
        v.name("name", name);
        v.name("cryptoPolicy", cryptoPolicy);
        if (v.required("addressPools", addressPools)) {
            if (addressPools.isEmpty() || addressPools.size() > 2) v.add("addressPools", "must hold one or two prefixes (at most one per address family)");
            boolean v4 = false;
            boolean v6 = false;
            for (int i = 0; i < addressPools.size(); i++) {
                String field = "addressPools[" + i + "]";
                Prefix p = prefix(v, field, addressPools.get(i));
                if (p == null) continue;
                boolean ipv4 = p.network() instanceof Inet4Address;
                if (ipv4 ? v4 : v6) v.add(field, "a second " + (ipv4 ? "IPv4" : "IPv6") + " pool");
                if (ipv4) v4 = true;
                else v6 = true;
                if (ipv4 && (p.length() < 8 || p.length() > 30)) v.add(field, "an IPv4 pool must be a /8 to /30");
                if (!ipv4 && (p.length() < 64 || p.length() > 126)) v.add(field, "an IPv6 pool must be a /64 to /126");
            }
        }
        if (dnsServers != null) {
            for (int i = 0; i < dnsServers.size(); i++) {
                try {
                    AddressRange.parseAddress(dnsServers.get(i));
                } catch (RuntimeException e) {
                    v.add("dnsServers[" + i + "]", "must be an IP address");
                }
            }
        }
        if (v.required("allowedNetworks", allowedNetworks)) {
            if (allowedNetworks.isEmpty()) v.add("allowedNetworks", "must name at least one network clients may reach");
            for (int i = 0; i < allowedNetworks.size(); i++) prefix(v, "allowedNetworks[" + i + "]", allowedNetworks.get(i));
        }
        if (v.required("radiusServers", radiusServers)) {
            if (radiusServers.isEmpty() || radiusServers.size() > MAX_RADIUS_SERVERS) v.add("radiusServers", "must hold one or two servers");
            for (int i = 0; i < radiusServers.size(); i++) radius(v, "radiusServers[" + i + "]", radiusServers.get(i));
        }
        return v.toList();
    }

    private static void radius(Violations v, String field, RadiusServerSpec r) {
        if (!v.required(field, r)) return;
        if (v.required(field + ".address", r.address())) {
            try {
                InetAddress a = AddressRange.parseAddress(r.address());
                if (a.isAnyLocalAddress() || a.isMulticastAddress()) v.add(field + ".address", "must be a unicast address");
            } catch (RuntimeException e) {
                v.add(field + ".address", "must be an IP address");
            }
        }
        v.range(field + ".port", r.port(), 1, 65535);
        if (v.required(field + ".secret", r.secret()) && r.secret().length() < RadiusServerSpec.MIN_SECRET_LENGTH) {
            v.add(field + ".secret", "must be at least " + RadiusServerSpec.MIN_SECRET_LENGTH + " characters (RFC 2865 3)");
        }
    }

    private static Prefix prefix(Violations v, String field, String text) {
        if (!v.required(field, text)) return null;
        try {
            return Prefix.parse(text);
        } catch (IllegalArgumentException e) {
            v.add(field, e.getMessage());
            return null;
        }
    }
}
