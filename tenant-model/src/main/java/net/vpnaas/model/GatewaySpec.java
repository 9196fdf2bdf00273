package net.vpnaas.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * A VPN endpoint of the service: where tenants' peers connect (IKE on UDP 500/4500). {@code defence}:
 * its thresholds against IKE floods; null, the defaults.
 */
public record GatewaySpec(String name, Map<String, String> labels, List<String> publicAddresses, GatewayDefence defence) {
    static final int MAX_ADDRESSES = 8;

    /** A gateway with the default defences. */
    public GatewaySpec(String name, Map<String, String> labels, List<String> publicAddresses) {
        this(name, labels, publicAddresses, null);
    }

    public GatewaySpec withDefaults() {
        return new GatewaySpec(name, labels == null ? Map.of() : labels, publicAddresses,
                defence == null ? GatewayDefence.DEFAULT : defence.withDefaults());
    }

    public GatewaySpec withDefence(GatewayDefence d) {
        return new GatewaySpec(name, labels, publicAddresses, d);
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
        if (defence != null) { // null: the defaults
            v.addAll(defence.withDefaults().validate("defence"));
        }
        return v.toList();
    }
}
