package net.vpnaas.model.gateway;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.GatewayCapabilities;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * Everything one gateway runs: the gateway, its peers and crypto policies, and its tunnels, which
 * name a peer and a policy. A standalone file and a pushed snapshot are both encodings of it, and
 * the REST API holds the same parts as separate resources; all are validated by the same rules,
 * the parts' own (as the REST API checks them) and those between parts, here.
 *
 * <p>Violations name fields as JSON paths in the standalone file's terms, which are the REST
 * API's: {@code gateway.publicAddresses[1]}, {@code peers[0].auth.psk},
 * {@code cryptoPolicies[2].dpd.action}, {@code tunnels[0].localTrafficSelectors[1]}. A part's own
 * field is the REST API's field of that resource under the part's path; a tunnel's {@code peer}
 * and {@code cryptoPolicy} are the REST API's {@code peerId} and {@code policyId}.
 */
public record GatewayConfiguration(LocalGateway gateway, List<PeerSpec> peers, List<CryptoPolicySpec> cryptoPolicies,
                                   List<GatewayTunnel> tunnels) {

    public GatewayConfiguration {
        peers = peers == null ? List.of() : List.copyOf(peers);
        cryptoPolicies = cryptoPolicies == null ? List.of() : List.copyOf(cryptoPolicies);
        tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
    }

    /** Fills what was left out with the REST API's defaults, part by part. */
    public GatewayConfiguration withDefaults() {
        return new GatewayConfiguration(gateway == null ? null : gateway.withDefaults(),
                peers.stream().map(PeerSpec::withDefaults).toList(),
                cryptoPolicies.stream().map(CryptoPolicySpec::withDefaults).toList(),
                tunnels.stream().map(GatewayTunnel::withDefaults).toList());
    }

    /**
     * Validates a configuration after {@link #withDefaults()}; {@code rules} say which addresses
     * can be endpoints. A reference to a part that has violations of its own is not reported
     * again, and the rules between a tunnel's gateway and peer wait until both are valid.
     */
    public List<Violation> validate(EndpointAddressRules rules) {
        Violations v = new Violations();
        boolean gatewayValid = false;
        if (v.required("gateway", gateway) && v.required("gateway.spec", gateway.spec())) {
            List<Violation> own = gateway.validate(rules);
            v.addAll("gateway", own);
            gatewayValid = own.isEmpty();
        }
        Set<String> peerNames = new HashSet<>();
        Map<String, PeerSpec> validPeers = named(v, "peers", peers, PeerSpec::name, peerNames, p -> peerViolations(p, rules));
        Set<String> policyNames = new HashSet<>();
        Map<String, CryptoPolicySpec> validPolicies = named(v, "cryptoPolicies", cryptoPolicies, CryptoPolicySpec::name, policyNames,
                CryptoPolicySpec::validate);
        named(v, "tunnels", tunnels, GatewayTunnel::name, new HashSet<>(), GatewayTunnel::validate);
        for (int i = 0; i < tunnels.size(); i++) {
            GatewayTunnel t = tunnels.get(i);
            String path = "tunnels[" + i + "]";
            if (t.peer() != null && !peerNames.contains(t.peer())) {
                v.add(path + ".peer", "no peer named '" + t.peer() + "'");
            }
            if (t.cryptoPolicy() != null && !policyNames.contains(t.cryptoPolicy())) {
                v.add(path + ".cryptoPolicy", "no crypto policy named '" + t.cryptoPolicy() + "'");
            }
            PeerSpec peer = validPeers.get(t.peer());
            if (gatewayValid && peer != null) {
                GatewayCapabilities.tunnelPeer(gateway.spec(), gateway.certificate() != null, peer)
                        .forEach(problem -> v.add(path + ".peer", problem.detail()));
            }
            CryptoPolicySpec policy = validPolicies.get(t.cryptoPolicy());
            if (peer != null && policy != null && policy.usesQkd() && peer.qkd() == null) {
                v.add(path + ".peer", "peer '" + peer.name() + "' has no qkd (its SAE ID), which crypto policy '"
                        + policy.name() + "' needs for its QKD key exchange");
            }
            if (peer != null && policy != null && peer.auth() instanceof PeerAuth.Password) {
                CryptoPolicySpec.passwordAuthProblem(policy.name(), policy.ikeProposals())
                        .ifPresent(problem -> v.add(path + ".cryptoPolicy", "peer '" + peer.name() + "' authenticates with a password: " + problem));
            }
        }
        return v.toList();
    }

    /** The tunnels with the parts they name; for a configuration that passed {@link #validate}. */
    public List<ResolvedTunnel> resolvedTunnels() {
        Map<String, PeerSpec> peersByName = byName(peers, PeerSpec::name);
        Map<String, CryptoPolicySpec> policiesByName = byName(cryptoPolicies, CryptoPolicySpec::name);
        return tunnels.stream()
                .map(t -> new ResolvedTunnel(t, peersByName.get(t.peer()), policiesByName.get(t.cryptoPolicy())))
                .toList();
    }

    /** A peer in a gateway's configuration needs its key: the REST API generates one when a client leaves it out. */
    private static List<Violation> peerViolations(PeerSpec peer, EndpointAddressRules rules) {
        List<Violation> own = new ArrayList<>(peer.validate(rules));
        if (peer.auth() instanceof PeerAuth.Psk(String psk) && psk == null) {
            own.add(new Violation("auth.psk", "is required"));
        }
        return own;
    }

    /**
     * Validates each element under its path ({@code peers[1]}) and checks its name is unique.
     * {@code declared} receives every name, valid element or not, so a reference to an element that
     * has violations of its own is not reported again as unknown; the valid ones are returned by name.
     */
    private static <T> Map<String, T> named(Violations v, String list, List<T> items, Function<T, String> name,
                                            Set<String> declared, Function<T, List<Violation>> validate) {
        Map<String, T> valid = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = list + "[" + i + "]";
            T item = items.get(i);
            List<Violation> own = validate.apply(item);
            v.addAll(path, own);
            String n = name.apply(item);
            if (n != null && !declared.add(n)) {
                v.add(path + ".name", "duplicate name '" + n + "' in " + list);
            } else if (n != null && own.isEmpty()) {
                valid.put(n, item);
            }
        }
        return valid;
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        items.forEach(item -> out.putIfAbsent(name.apply(item), item));
        return out;
    }
}
