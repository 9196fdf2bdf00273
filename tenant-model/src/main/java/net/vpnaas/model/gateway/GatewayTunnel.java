package net.vpnaas.model.gateway;

import java.util.List;
import java.util.Map;
import net.vpnaas.model.TunnelTraffic;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * A tunnel of the gateway a configuration is for, naming its peer and crypto policy among the
 * configuration's (where the REST API's {@link net.vpnaas.model.TunnelSpec} gives ids).
 */
public record GatewayTunnel(
        String name,
        Map<String, String> labels,
        String peer,
        String cryptoPolicy,
        List<String> localTrafficSelectors,
        List<String> remoteTrafficSelectors) {

    GatewayTunnel withDefaults() {
        return new GatewayTunnel(name, labels == null ? Map.of() : labels, peer, cryptoPolicy,
                localTrafficSelectors, remoteTrafficSelectors);
    }

    List<Violation> validate() {
        Violations v = new Violations();
        v.name("name", name);
        v.labels("labels", labels);
        v.required("peer", peer);
        v.required("cryptoPolicy", cryptoPolicy);
        TunnelTraffic.validate(v, localTrafficSelectors, remoteTrafficSelectors);
        return v.toList();
    }
}
