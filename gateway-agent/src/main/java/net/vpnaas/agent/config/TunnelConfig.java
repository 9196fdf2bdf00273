package net.vpnaas.agent.config;

import java.util.List;

/** A site-to-site tunnel: traffic between the selectors goes through a Child SA with this peer. */
public record TunnelConfig(String name, PeerConfig peer, CryptoPolicyConfig cryptoPolicy,
                           List<IpPrefix> localTrafficSelectors, List<IpPrefix> remoteTrafficSelectors) {
    public TunnelConfig {
        localTrafficSelectors = List.copyOf(localTrafficSelectors);
        remoteTrafficSelectors = List.copyOf(remoteTrafficSelectors);
    }
}
