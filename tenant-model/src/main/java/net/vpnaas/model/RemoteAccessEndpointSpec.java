package net.vpnaas.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.model.gateway.GatewayConfiguration;
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
 * EAP method alone.
 *
 * <p>Where it runs and under which crypto policy is named two ways, by its encodings: the REST API
 * refers to resources by id ({@code gatewayId}, {@code policyId}, with {@code labels} like every
 * resource; {@link #validateRequest}), the standalone file and the pushed snapshot hold one gateway's
 * configuration and name the policy ({@code cryptoPolicy}; {@link #validate}). The other way's fields
 * are null.
 */
public record RemoteAccessEndpointSpec(String name, Map<String, String> labels, UUID gatewayId, UUID policyId, String cryptoPolicy,
                                       List<String> addressPools, List<String> dnsServers, List<String> allowedNetworks,
                                       List<RadiusServerSpec> radiusServers, Boolean eapOnly) {
    /** Two RADIUS servers, as the usual primary and standby. */
    public static final int MAX_RADIUS_SERVERS = 2;

    /** An endpoint of one gateway's configuration (the standalone file, the snapshot): its policy by name. */
    public static RemoteAccessEndpointSpec ofGateway(String name, String cryptoPolicy, List<String> addressPools, List<String> dnsServers,
                                                     List<String> allowedNetworks, List<RadiusServerSpec> radiusServers, Boolean eapOnly) {
        return new RemoteAccessEndpointSpec(name, null, null, null, cryptoPolicy, addressPools, dnsServers, allowedNetworks,
                radiusServers, eapOnly);
    }

    public RemoteAccessEndpointSpec withDefaults() {
        return new RemoteAccessEndpointSpec(name, labels == null ? Map.of() : labels, gatewayId, policyId, cryptoPolicy, addressPools,
                dnsServers == null ? List.of() : dnsServers, allowedNetworks,
                radiusServers == null ? null : radiusServers.stream().map(r -> r == null ? null : r.withDefaults()).toList(),
                eapOnly != null && eapOnly);
    }

    /** The same endpoint with other RADIUS servers (the API fills in stored secrets). */
    public RemoteAccessEndpointSpec withRadiusServers(List<RadiusServerSpec> servers) {
        return new RemoteAccessEndpointSpec(name, labels, gatewayId, policyId, cryptoPolicy, addressPools, dnsServers, allowedNetworks,
                servers, eapOnly);
    }

    /** The rules of one gateway's configuration: the policy by name. */
    public List<Violation> validate() {
        Violations v = common();
        v.name("cryptoPolicy", cryptoPolicy);
        return v.toList();
    }

    /** The rules of the REST API: gateway and policy by id (whether they are the caller's is the API's to check). */
    public List<Violation> validateRequest() {
        Violations v = common();
        v.labels("labels", labels);
        v.required("gatewayId", gatewayId);
        v.required("policyId", policyId);
        if (cryptoPolicy != null) v.add("cryptoPolicy", "is not a field of the API: name the policy by policyId");
        return v.toList();
    }

    /**
     * What ties an endpoint (valid on its own, {@link #validate}) to the configuration of the gateway it
     * runs on: its crypto policy must be one of the configuration's, its name no tunnel's (both are
     * engine connections, by name), and without EAP-only the gateway needs its certificate. Fields are
     * the endpoint's own ({@code cryptoPolicy}); the standalone file and the snapshot put them under their path.
     */
    public List<Violation> violationsIn(GatewayConfiguration configuration) {
        Violations v = new Violations();
        if (cryptoPolicy != null && configuration.cryptoPolicies().stream().noneMatch(p -> cryptoPolicy.equals(p.name()))) {
            v.add("cryptoPolicy", "no crypto policy named '" + cryptoPolicy + "'");
        }
        if (name != null && configuration.tunnels().stream().anyMatch(t -> name.equals(t.name()))) {
            v.add("name", "is the name of a tunnel too");
        }
        if (!Boolean.TRUE.equals(eapOnly) && configuration.gateway() != null && configuration.gateway().ownCertificate().isEmpty()) {
            v.add("eapOnly", "the gateway has no certificate, so its clients can only authenticate it by EAP-only: "
                    + "set eapOnly to true or give the gateway a certificate");
        }
        return v.toList();
    }

    /** The crypto policy this endpoint names in {@code configuration}; there is one when {@link #violationsIn} found none. */
    public CryptoPolicySpec policyIn(GatewayConfiguration configuration) {
        return configuration.cryptoPolicies().stream().filter(p -> p.name().equals(cryptoPolicy)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no crypto policy named '" + cryptoPolicy + "'"));
    }

    private Violations common() {
        Violations v = new Violations();
        v.name("name", name);
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
        return v;
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
