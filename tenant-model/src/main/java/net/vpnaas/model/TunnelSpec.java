package net.vpnaas.model;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * A site-to-site tunnel as the REST API writes it: which gateway talks to which peer under which
 * crypto policy, by id, and what it carries ({@link TunnelTraffic}).
 */
public record TunnelSpec(
        String name,
        Map<String, String> labels,
        UUID gatewayId,
        UUID peerId,
        UUID policyId,
        List<String> localTrafficSelectors,
        List<String> remoteTrafficSelectors) {
    public TunnelSpec withDefaults() {
        return new TunnelSpec(name, labels == null ? Map.of() : labels, gatewayId, peerId, policyId,
                localTrafficSelectors, remoteTrafficSelectors);
    }

    public List<Violation> validate() {
        Violations v = new Violations();
        v.name("name", name);
        v.labels("labels", labels);
        v.required("gatewayId", gatewayId);
        v.required("peerId", peerId);
        v.required("policyId", policyId);
        TunnelTraffic.validate(v, localTrafficSelectors, remoteTrafficSelectors);
        return v.toList();
    }
}
