package net.vpnaas.model.gateway;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.net.IkeIdentity;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * The gateway a configuration is for: the gateway as the REST API knows it, plus what only its
 * agent needs. {@code ikeIdentity} null: it identifies itself by its first public address (the
 * control plane has no field for it). {@code certificate} null: it has none, so it cannot run
 * tunnels to certificate peers.
 */
public record LocalGateway(GatewaySpec spec, String ikeIdentity, GatewayCertificate certificate) {

    public String name() {
        return spec.name();
    }

    public Optional<GatewayCertificate> ownCertificate() {
        return Optional.ofNullable(certificate);
    }

    /** The public addresses, parsed; for a gateway that passed validation. */
    public List<InetAddress> addresses() {
        return spec.publicAddresses().stream().map(AddressRange::parseAddress).toList();
    }

    /** The identity it sends in IDi/IDr; for a gateway that passed validation. */
    public IkeIdentity identity() {
        return IkeIdentity.parse(ikeIdentity != null ? ikeIdentity : spec.publicAddresses().getFirst());
    }

    LocalGateway withDefaults() {
        return new LocalGateway(spec.withDefaults(), ikeIdentity, certificate);
    }

    List<Violation> validate(EndpointAddressRules rules) {
        Violations v = new Violations();
        v.addAll(spec.validate(rules));
        if (ikeIdentity != null) {
            try {
                IkeIdentity.parse(ikeIdentity);
            } catch (IllegalArgumentException e) {
                v.add("ikeIdentity", e.getMessage());
            }
        }
        if (certificate != null) {
            certificate.validate(v);
        }
        return v.toList();
    }
}
