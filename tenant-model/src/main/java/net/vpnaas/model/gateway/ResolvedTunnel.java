package net.vpnaas.model.gateway;

import java.util.List;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.TunnelTraffic;
import net.vpnaas.model.net.Prefix;

/** A tunnel of a validated configuration with the peer and crypto policy it names. */
public record ResolvedTunnel(GatewayTunnel tunnel, PeerSpec peer, CryptoPolicySpec cryptoPolicy) {

    public String name() {
        return tunnel.name();
    }

    public List<Prefix> localTrafficSelectors() {
        return TunnelTraffic.prefixes(tunnel.localTrafficSelectors());
    }

    public List<Prefix> remoteTrafficSelectors() {
        return TunnelTraffic.prefixes(tunnel.remoteTrafficSelectors());
    }
}
