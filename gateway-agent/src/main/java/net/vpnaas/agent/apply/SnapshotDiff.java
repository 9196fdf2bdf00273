package net.vpnaas.agent.apply;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Peer;
import net.vpnaas.model.agent.v1.Tunnel;

/**
 * Compares two snapshots by name. A tunnel counts as changed when anything that shapes its SAs
 * differs: the tunnel itself, the peer it names, or the policy it names. Everything else is left
 * alone, so a configuration push never disturbs tunnels it does not concern (their SAs keep
 * their SPIs). The snapshot version is deliberately not compared: it changes on every push.
 * <p>The gateway's own certificate is not part of a tunnel's settings: when only it changes, the
 * tunnels to certificate peers keep their SAs and just get the new credentials for their next
 * IKE SA ({@link TunnelChange.CredentialsChanged}); IKE authenticates an IKE SA once, so nothing
 * running needs it, and renewing it never tears a tunnel down.
 */
public final class SnapshotDiff {
    private SnapshotDiff() {}

    /** Changes in the order they should be applied: removals first (frees selectors), then the rest. */
    public static List<TunnelChange<Tunnel>> between(GatewaySnapshot before, GatewaySnapshot after) {
        Map<String, Tunnel> old = byName(before.getTunnelsList(), Tunnel::getName);
        Map<String, Tunnel> now = byName(after.getTunnelsList(), Tunnel::getName);
        Map<String, Peer> oldPeers = byName(before.getPeersList(), Peer::getName);
        Map<String, Peer> newPeers = byName(after.getPeersList(), Peer::getName);
        Map<String, CryptoPolicy> oldPolicies = byName(before.getPoliciesList(), CryptoPolicy::getName);
        Map<String, CryptoPolicy> newPolicies = byName(after.getPoliciesList(), CryptoPolicy::getName);
        boolean certificateChanged = !before.getLocalCertificate().equals(after.getLocalCertificate());
        return TunnelChange.between(old, now, (previous, tunnel) -> previous.equals(tunnel)
                        && equal(oldPeers.get(previous.getPeerName()), newPeers.get(tunnel.getPeerName()))
                        && equal(oldPolicies.get(previous.getPolicyName()), newPolicies.get(tunnel.getPolicyName())),
                tunnel -> certificateChanged && newPeers.get(tunnel.getPeerName()).hasCertificate());
    }

    private static boolean equal(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, Function.identity(), (a, b) -> {
            throw new IllegalArgumentException("duplicate name in snapshot: " + name.apply(a));
        }, LinkedHashMap::new));
    }
}
