package net.vpnaas.api.support;

import net.vpnaas.model.net.EndpointAddressRules;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which IP addresses the API accepts as a gateway's public address or a peer's address. Loopback,
 * unspecified, multicast and broadcast addresses never (see {@link EndpointAddressRules}).
 *
 * @param allowLinkLocal accept link-local addresses (169.254.0.0/16, fe80::/10): only for a
 *                       deployment whose gateways and peers share one link, such as a lab; off by
 *                       default, since a tenant's peer across routed networks can never reach them
 */
@ConfigurationProperties("vpnaas.api.endpoints")
public record EndpointAddressProperties(@DefaultValue("false") boolean allowLinkLocal) {

    public EndpointAddressRules rules() {
        return new EndpointAddressRules(allowLinkLocal);
    }
}
