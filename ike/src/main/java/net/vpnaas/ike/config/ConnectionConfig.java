package net.vpnaas.ike.config;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import net.vpnaas.ike.crypto.PaceGenericMapping;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.qkd.QkdKeySource;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * One configured tunnel: who we are, whom we talk to, how, and which traffic the Child SA carries.
 *
 * @param remote    the peer's IKE address; for a responder-only connection its port may be 0
 * @param dpd       when the peer counts as dead, and what happens then
 * @param natTraversal how IKE and ESP cross NATs
 * @param fragmentSize the largest IP datagram (IP and UDP headers included) an IKE fragment may fill
 *                     (RFC 7383); 0 turns IKE fragmentation off (not announced, never sent). A
 *                     responder with several connections to the peer's address announces it in
 *                     IKE_SA_INIT by the one that accepts the offer, before IKE_AUTH names the peer
 * @param ppk          post-quantum preshared keys (RFC 9867, RFC 8784), {@link PostQuantumPreSharedKeys#NONE} without
 * @param qkd          where the QKD keys of {@link net.vpnaas.ike.crypto.KeyExchangeMethod#QKD} key exchanges
 *                     come from, {@link QkdKeySource#NONE} without. A responder with several connections to
 *                     the peer's address uses, in IKE_INTERMEDIATE, that of the one that accepted the offer
 * @param remoteAccess what a responder assigns clients through the CP payload, {@link RemoteAccess#NONE} without
 */
public record ConnectionConfig(String name, InetSocketAddress local, InetSocketAddress remote,
                               Identity localId, Identity remoteId, Authentication authentication,
                               List<IkeProposalConfig> ikeProposals, List<EspProposalConfig> espProposals,
                               List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                               Lifetimes lifetimes, DeadPeerDetection dpd, RetransmitPolicy retransmit,
                               NatTraversal natTraversal, int fragmentSize, PostQuantumPreSharedKeys ppk,
                               QkdKeySource qkd, RemoteAccess remoteAccess) {
    /**
     * Fragments of at most 1280 bytes for IPv4 and IPv6 alike, as strongSwan's default fragment_size.
     * RFC 7383 2.5.1 suggests 576 for IPv4, the minimum every IPv4 host must reassemble, but that
     * cuts an RSA certificate chain into three times as many fragments; 1280, the IPv6 minimum MTU,
     * passes unfragmented on practically every IPv4 path too, and matching the widest-deployed peer
     * means both directions behave alike in interop.
     */
    public static final int DEFAULT_FRAGMENT_SIZE = 1280;

    public ConnectionConfig {
        Objects.requireNonNull(name);
        Objects.requireNonNull(local);
        Objects.requireNonNull(remote);
        Objects.requireNonNull(localId);
        Objects.requireNonNull(remoteId);
        Objects.requireNonNull(authentication);
        Objects.requireNonNull(dpd);
        Objects.requireNonNull(natTraversal);
        Objects.requireNonNull(ppk);
        Objects.requireNonNull(qkd);
        Objects.requireNonNull(remoteAccess);
        ikeProposals = List.copyOf(ikeProposals);
        espProposals = List.copyOf(espProposals);
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        if (ikeProposals.isEmpty() || espProposals.isEmpty()) throw new IllegalArgumentException("no proposals");
        if (localSelectors.isEmpty() || remoteSelectors.isEmpty()) throw new IllegalArgumentException("no traffic selectors");
        // NullAuthTask offers no PPK: a configured one would be dropped silently, a downgrade nobody asked for.
        if (authentication instanceof Authentication.Null && !ppk.keys().isEmpty()) {
            throw new IllegalArgumentException("NULL authentication takes no post-quantum preshared keys");
        }
        if (authentication instanceof Authentication.Password) {
            // PaceAuthTask offers no PPK either; and PACE's generic mapping needs a group element as IKE_SA_INIT's secret.
            if (!ppk.keys().isEmpty()) throw new IllegalArgumentException("password authentication (PACE) takes no post-quantum preshared keys");
            for (IkeProposalConfig p : ikeProposals) {
                for (var g : p.groups()) {
                    if (!PaceGenericMapping.supports(g)) throw new IllegalArgumentException("password authentication (PACE) needs ECP groups (19, 20, 21), not " + g);
                }
            }
        }
        if (fragmentSize != 0 && fragmentSize < 256) {
            throw new IllegalArgumentException("fragment size " + fragmentSize + ": 0 (off) or at least 256 bytes");
        }
    }

    /** A connection without remote-access assignments. */
    public ConnectionConfig(String name, InetSocketAddress local, InetSocketAddress remote,
                            Identity localId, Identity remoteId, Authentication authentication,
                            List<IkeProposalConfig> ikeProposals, List<EspProposalConfig> espProposals,
                            List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                            Lifetimes lifetimes, DeadPeerDetection dpd, RetransmitPolicy retransmit,
                            NatTraversal natTraversal, int fragmentSize, PostQuantumPreSharedKeys ppk, QkdKeySource qkd) {
        this(name, local, remote, localId, remoteId, authentication, ikeProposals, espProposals, localSelectors,
                remoteSelectors, lifetimes, dpd, retransmit, natTraversal, fragmentSize, ppk, qkd, RemoteAccess.NONE);
    }

    /** A connection without QKD. */
    public ConnectionConfig(String name, InetSocketAddress local, InetSocketAddress remote,
                            Identity localId, Identity remoteId, Authentication authentication,
                            List<IkeProposalConfig> ikeProposals, List<EspProposalConfig> espProposals,
                            List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                            Lifetimes lifetimes, DeadPeerDetection dpd, RetransmitPolicy retransmit,
                            NatTraversal natTraversal, int fragmentSize, PostQuantumPreSharedKeys ppk) {
        this(name, local, remote, localId, remoteId, authentication, ikeProposals, espProposals, localSelectors,
                remoteSelectors, lifetimes, dpd, retransmit, natTraversal, fragmentSize, ppk, QkdKeySource.NONE);
    }

    /** A connection without PPKs. */
    public ConnectionConfig(String name, InetSocketAddress local, InetSocketAddress remote,
                            Identity localId, Identity remoteId, Authentication authentication,
                            List<IkeProposalConfig> ikeProposals, List<EspProposalConfig> espProposals,
                            List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                            Lifetimes lifetimes, DeadPeerDetection dpd, RetransmitPolicy retransmit,
                            NatTraversal natTraversal, int fragmentSize) {
        this(name, local, remote, localId, remoteId, authentication, ikeProposals, espProposals, localSelectors,
                remoteSelectors, lifetimes, dpd, retransmit, natTraversal, fragmentSize, PostQuantumPreSharedKeys.NONE);
    }

    /** This connection with {@code keys} as its PPKs. */
    public ConnectionConfig withPpk(PostQuantumPreSharedKeys keys) {
        return new ConnectionConfig(name, local, remote, localId, remoteId, authentication, ikeProposals, espProposals,
                localSelectors, remoteSelectors, lifetimes, dpd, retransmit, natTraversal, fragmentSize, keys, qkd, remoteAccess);
    }

    /** This connection with its QKD keys from {@code source}. */
    public ConnectionConfig withQkd(QkdKeySource source) {
        return new ConnectionConfig(name, local, remote, localId, remoteId, authentication, ikeProposals, espProposals,
                localSelectors, remoteSelectors, lifetimes, dpd, retransmit, natTraversal, fragmentSize, ppk, source, remoteAccess);
    }

    /** This connection offering {@code proposals} instead (e.g. without QKD when the KME has no key). */
    public ConnectionConfig withIkeProposals(List<IkeProposalConfig> proposals) {
        return new ConnectionConfig(name, local, remote, localId, remoteId, authentication, proposals, espProposals,
                localSelectors, remoteSelectors, lifetimes, dpd, retransmit, natTraversal, fragmentSize, ppk, qkd, remoteAccess);
    }

    /** This connection assigning clients what {@code assignments} says (CP payload). */
    public ConnectionConfig withRemoteAccess(RemoteAccess assignments) {
        return new ConnectionConfig(name, local, remote, localId, remoteId, authentication, ikeProposals, espProposals,
                localSelectors, remoteSelectors, lifetimes, dpd, retransmit, natTraversal, fragmentSize, ppk, qkd, assignments);
    }

    /**
     * A connection with the default NAT traversal (ESP in UDP only where a NAT is detected) and IKE
     * fragments of {@link #DEFAULT_FRAGMENT_SIZE}.
     */
    public ConnectionConfig(String name, InetSocketAddress local, InetSocketAddress remote,
                            Identity localId, Identity remoteId, Authentication authentication,
                            List<IkeProposalConfig> ikeProposals, List<EspProposalConfig> espProposals,
                            List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                            Lifetimes lifetimes, DeadPeerDetection dpd, RetransmitPolicy retransmit) {
        this(name, local, remote, localId, remoteId, authentication, ikeProposals, espProposals,
                localSelectors, remoteSelectors, lifetimes, dpd, retransmit, NatTraversal.DEFAULT, DEFAULT_FRAGMENT_SIZE,
                PostQuantumPreSharedKeys.NONE);
    }

    /** A connection authenticated with a pre-shared key. */
    public ConnectionConfig(String name, InetSocketAddress local, InetSocketAddress remote,
                            Identity localId, Identity remoteId, byte[] psk,
                            List<IkeProposalConfig> ikeProposals, List<EspProposalConfig> espProposals,
                            List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                            Lifetimes lifetimes, DeadPeerDetection dpd, RetransmitPolicy retransmit) {
        this(name, local, remote, localId, remoteId, new Authentication.Psk(psk), ikeProposals, espProposals,
                localSelectors, remoteSelectors, lifetimes, dpd, retransmit, NatTraversal.DEFAULT, DEFAULT_FRAGMENT_SIZE,
                PostQuantumPreSharedKeys.NONE);
    }

    @Override
    public String toString() {
        return "ConnectionConfig[" + name + " " + local + " -> " + remote + " " + authentication + (ppk.configured() ? " " + ppk.keys() : "")
                + (qkd != QkdKeySource.NONE ? " QKD " + qkd : "") + "]";
    }
}
