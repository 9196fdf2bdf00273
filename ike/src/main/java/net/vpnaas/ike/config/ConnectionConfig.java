package net.vpnaas.ike.config;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * One configured tunnel: who we are, whom we talk to, how, and which traffic the Child SA carries.
 *
 * @param remote    the peer's IKE address; for a responder-only connection its port may be 0
 * @param dpd       when the peer counts as dead, and what happens then
 * @param natTraversal how IKE and ESP cross NATs
 */
public record ConnectionConfig(String name, InetSocketAddress local, InetSocketAddress remote,
                               Identity localId, Identity remoteId, Authentication authentication,
                               List<IkeProposalConfig> ikeProposals, List<EspProposalConfig> espProposals,
                               List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                               Lifetimes lifetimes, DeadPeerDetection dpd, RetransmitPolicy retransmit,
                               NatTraversal natTraversal) {
    public ConnectionConfig {
        Objects.requireNonNull(name);
        Objects.requireNonNull(local);
        Objects.requireNonNull(remote);
        Objects.requireNonNull(localId);
        Objects.requireNonNull(remoteId);
        Objects.requireNonNull(authentication);
        Objects.requireNonNull(dpd);
        Objects.requireNonNull(natTraversal);
        ikeProposals = List.copyOf(ikeProposals);
        espProposals = List.copyOf(espProposals);
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        if (ikeProposals.isEmpty() || espProposals.isEmpty()) throw new IllegalArgumentException("no proposals");
        if (localSelectors.isEmpty() || remoteSelectors.isEmpty()) throw new IllegalArgumentException("no traffic selectors");
    }

    /** A connection with the default NAT traversal: ESP in UDP only where a NAT is detected. */
    public ConnectionConfig(String name, InetSocketAddress local, InetSocketAddress remote,
                            Identity localId, Identity remoteId, Authentication authentication,
                            List<IkeProposalConfig> ikeProposals, List<EspProposalConfig> espProposals,
                            List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                            Lifetimes lifetimes, DeadPeerDetection dpd, RetransmitPolicy retransmit) {
        this(name, local, remote, localId, remoteId, authentication, ikeProposals, espProposals,
                localSelectors, remoteSelectors, lifetimes, dpd, retransmit, NatTraversal.DEFAULT);
    }

    /** A connection authenticated with a pre-shared key. */
    public ConnectionConfig(String name, InetSocketAddress local, InetSocketAddress remote,
                            Identity localId, Identity remoteId, byte[] psk,
                            List<IkeProposalConfig> ikeProposals, List<EspProposalConfig> espProposals,
                            List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                            Lifetimes lifetimes, DeadPeerDetection dpd, RetransmitPolicy retransmit) {
        this(name, local, remote, localId, remoteId, new Authentication.Psk(psk), ikeProposals, espProposals,
                localSelectors, remoteSelectors, lifetimes, dpd, retransmit, NatTraversal.DEFAULT);
    }

    @Override
    public String toString() {
        return "ConnectionConfig[" + name + " " + local + " -> " + remote + " " + authentication + "]";
    }
}
