package net.vpnaas.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/** A VPN endpoint of the service: where tenants' peers connect (IKE on UDP 500/4500). */
public record GatewaySpec(String name, Map<String, String> labels, List<String> publicAddresses) {
    static final int MAX_ADDRESSES = 8;

    public GatewaySpec withDefaults() {
        return new GatewaySpec(name, labels == null ? Map.of() : labels, publicAddresses);
    }

    /** {@code rules} say which addresses the service accepts as a public address. */
    public List<Violation> validate(EndpointAddressRules rules) {
        Violations v = new Violations();
        v.name("name", name);
        v.labels("labels", labels);
        if (v.required("publicAddresses", publicAddresses)) {
            if (publicAddresses.isEmpty() || publicAddresses.size() > MAX_ADDRESSES) {
                v.add("publicAddresses", "must hold 1 to " + MAX_ADDRESSES + " addresses");
            }
            var seen = new HashSet<String>();
            for (int i = 0; i < publicAddresses.size(); i++) {
                String field = "publicAddresses[" + i + "]";
                String a = publicAddresses.get(i);
                if (!v.required(field, a)) {
                    continue;
                }
                try {
                    if (!seen.add(rules.parseEndpoint(a).getHostAddress())) {
                        v.add(field, "duplicate address");
                    }
                } catch (IllegalArgumentException e) {
                    v.add(field, e.getMessage());
                }
            }
        }
        return v.toList();
    }
}
