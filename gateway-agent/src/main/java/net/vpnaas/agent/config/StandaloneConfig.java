package net.vpnaas.agent.config;

import java.util.List;

/**
 * A gateway's whole configuration, as loaded from a standalone config file. The same shape the
 * control plane will push: tunnels refer to peers and crypto policies by name in the file, and are
 * resolved to those objects here.
 */
public record StandaloneConfig(GatewayConfig gateway, List<PeerConfig> peers,
                               List<CryptoPolicyConfig> cryptoPolicies, List<TunnelConfig> tunnels,
                               DataPathConfig dataPath) {
    public StandaloneConfig {
        peers = List.copyOf(peers);
        cryptoPolicies = List.copyOf(cryptoPolicies);
        tunnels = List.copyOf(tunnels);
    }
}
