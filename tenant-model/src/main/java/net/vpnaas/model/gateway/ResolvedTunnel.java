package net.vpnaas.model.gateway;

import java.util.List;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.TunnelTraffic;
import net.vpnaas.model.net.AddressRange;

/** A tunnel of a validated configuration with the peer and crypto policy it names. */
public record ResolvedTunnel(GatewayTunnel tunnel, PeerSpec peer, CryptoPolicySpec cryptoPolicy) {

    public String name() {
        return tunnel.name();
    }

    public List<AddressRange> localTrafficSelectors() {
        return TunnelTraffic.ranges(tunnel.localTrafficSelectors());
    }

    public List<AddressRange> remoteTrafficSelectors() {
        return TunnelTraffic.ranges(tunnel.remoteTrafficSelectors());
    }
}
