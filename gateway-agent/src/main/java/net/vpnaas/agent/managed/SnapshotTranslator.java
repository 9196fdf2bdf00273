package net.vpnaas.agent.managed;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.vpnaas.agent.config.CryptoPolicyConfig;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.config.DpdConfig;
import net.vpnaas.agent.config.Encapsulation;
import net.vpnaas.agent.config.GatewayConfig;
import net.vpnaas.agent.config.IpPrefix;
import net.vpnaas.agent.config.PeerAuthentication;
import net.vpnaas.agent.config.PeerConfig;
import net.vpnaas.agent.config.Proposal;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StartAction;
import net.vpnaas.agent.config.Transform;
import net.vpnaas.agent.config.TunnelConfig;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Peer;
import net.vpnaas.model.agent.v1.Tunnel;

/**
 * Turns a pushed {@link GatewaySnapshot} into the agent's configuration records, the same ones a
 * standalone file loads into, so both modes run the same code from there on. The control plane
 * validated the tenant's input already; what can fail here is what this agent cannot do (a name it
 * cannot resolve, a selector form it does not support), and that is refused naming the tunnel.
 *
 * <p>The control plane has no field for the gateway's own IKE identity: like a standalone file
 * without one, the gateway identifies itself by its first public address. Peer names given as
 * FQDN are resolved once, when the snapshot is applied.
 */
final class SnapshotTranslator {

    private SnapshotTranslator() {}

    static StandaloneConfig translate(GatewaySnapshot s, DataPathConfig dataPath) throws SnapshotRejected {
        List<InetAddress> addresses = new ArrayList<>();
        for (String a : s.getLocalAddressesList()) {
            try {
                addresses.add(IpPrefix.parseAddress(a));
            } catch (IllegalArgumentException e) {
                throw new SnapshotRejected("gateway address '" + a + "': " + e.getMessage(), "");
            }
        }
        if (addresses.isEmpty()) throw new SnapshotRejected("the gateway has no public address to run IKE on", "");
        GatewayConfig gateway = new GatewayConfig(s.getGatewayName(), addresses.getFirst().getHostAddress(), addresses, Optional.empty());

        Map<String, Peer> peers = new HashMap<>();
        s.getPeersList().forEach(p -> peers.put(p.getName(), p));
        Map<String, CryptoPolicy> policies = new HashMap<>();
        s.getPoliciesList().forEach(p -> policies.put(p.getName(), p));
        List<TunnelConfig> tunnels = new ArrayList<>();
        Map<String, PeerConfig> peerConfigs = new HashMap<>();
        Map<String, CryptoPolicyConfig> policyConfigs = new HashMap<>();
        for (Tunnel t : s.getTunnelsList()) {
            Peer peer = peers.get(t.getPeerName());
            CryptoPolicy policy = policies.get(t.getPolicyName());
            if (peer == null || policy == null) {
                throw new SnapshotRejected("the snapshot lacks peer '" + t.getPeerName() + "' or policy '" + t.getPolicyName() + "'", t.getName());
            }
            try {
                PeerConfig pc = peerConfigs.containsKey(peer.getName()) ? peerConfigs.get(peer.getName()) : peer(peer);
                peerConfigs.put(peer.getName(), pc);
                CryptoPolicyConfig cp = policyConfigs.containsKey(policy.getName()) ? policyConfigs.get(policy.getName()) : policy(policy);
                policyConfigs.put(policy.getName(), cp);
                tunnels.add(new TunnelConfig(t.getName(), pc, cp, prefixes(t.getLocalTrafficSelectorsList(), "local"),
                        prefixes(t.getRemoteTrafficSelectorsList(), "remote")));
            } catch (IllegalArgumentException e) {
                throw new SnapshotRejected("tunnel " + t.getName() + ": " + e.getMessage(), t.getName());
            }
        }
        return new StandaloneConfig(gateway, List.copyOf(peerConfigs.values()), List.copyOf(policyConfigs.values()), tunnels, dataPath);
    }

    private static PeerConfig peer(Peer p) {
        InetAddress address;
        try {
            address = InetAddress.getByName(p.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("peer " + p.getName() + ": cannot resolve '" + p.getAddress() + "'");
        }
        PeerAuthentication auth = switch (p.getAuthenticationCase()) {
            case PSK -> new PeerAuthentication.PreSharedKey(p.getPsk().getBytes(StandardCharsets.UTF_8));
            case CERTIFICATE -> new PeerAuthentication.Certificate(p.getCertificate().getTrustedCaBundlePem(),
                    p.getCertificate().getExpectedIdentity());
            case AUTHENTICATION_NOT_SET -> throw new IllegalArgumentException("peer " + p.getName() + " has no authentication");
        };
        return new PeerConfig(p.getName(), address, p.getIkeIdentity(), auth);
    }

    private static CryptoPolicyConfig policy(CryptoPolicy p) {
        Optional<Transform> pfs = Optional.empty();
        if (!p.getPfsGroup().isEmpty()) {
            pfs = Transform.byKeyword(p.getPfsGroup()).filter(t -> t.type() == Transform.Type.KEY_EXCHANGE);
            if (pfs.isEmpty()) throw new IllegalArgumentException("this agent has no key exchange method '" + p.getPfsGroup() + "'");
        }
        DpdConfig.Action dpdAction = switch (p.getDpdAction()) {
            case DPD_ACTION_CLEAR -> DpdConfig.Action.CLEAR;
            case DPD_ACTION_HOLD -> DpdConfig.Action.HOLD;
            default -> DpdConfig.Action.RESTART;
        };
        return new CryptoPolicyConfig(p.getName(),
                p.getIkeProposalsList().stream().map(Proposal::parseIke).toList(),
                p.getEspProposalsList().stream().map(Proposal::parseEsp).toList(),
                Duration.ofSeconds(p.getIkeLifetimeSeconds()), Duration.ofSeconds(p.getChildLifetimeSeconds()),
                Duration.ofSeconds(p.getRekeyMarginSeconds()), p.getRekeyFuzzPercent(),
                new DpdConfig(Duration.ofSeconds(p.getDpdIntervalSeconds()), Duration.ofSeconds(p.getDpdTimeoutSeconds()), dpdAction),
                p.getReplayWindow(), p.getEsn(), pfs,
                p.getStartAction() == net.vpnaas.model.agent.v1.StartAction.START_ACTION_INITIATE ? StartAction.INITIATE : StartAction.RESPOND,
                p.getEncapsulation() == net.vpnaas.model.agent.v1.Encapsulation.ENCAPSULATION_FORCE_UDP
                        ? Encapsulation.FORCE_UDP : Encapsulation.AUTO);
    }

    private static List<IpPrefix> prefixes(List<String> selectors, String side) {
        List<IpPrefix> out = new ArrayList<>();
        for (String s : selectors) {
            try {
                out.add(IpPrefix.parse(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(side + " traffic selector '" + s + "': " + e.getMessage()
                        + " (this agent supports CIDR selectors only)");
            }
        }
        return out;
    }
}
