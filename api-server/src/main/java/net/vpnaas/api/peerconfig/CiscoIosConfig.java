package net.vpnaas.api.peerconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.crypto.EncryptionAlgorithm;
import net.vpnaas.model.crypto.IntegrityAlgorithm;
import net.vpnaas.model.crypto.KeyExchangeMethod;
import net.vpnaas.model.crypto.Proposal;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.net.IkeIdentity;
import net.vpnaas.model.net.Prefix;
import net.vpnaas.model.validation.Violations;

/**
 * Cisco IOS XE commands (IKEv2, a policy-based crypto map) for the customer's side of a tunnel:
 * IKEv2 proposals, policy, keyring and profile, transform sets (one per encryption and integrity
 * pair, since a transform set holds one of each), an access list mirroring the selectors, and the
 * crypto map on the outside interface. Written for IPv4; what IOS XE or this output cannot express
 * (ChaCha20-Poly1305, Curve25519/448, ESN, IPv6, a distinguished name identity with a PSK) is refused.
 */
final class CiscoIosConfig {
    private static final String MAP = "vpnaas";

    private CiscoIosConfig() {}

    static String render(CustomerSide side) throws UnexpressibleConfigurationException {
        CryptoPolicySpec p = side.policy();
        Violations refused = new Violations();
        List<String> ikeProposals = new ArrayList<>();
        List<Proposal> ike = p.parsedIkeProposals();
        for (int i = 0; i < ike.size(); i++) {
            ikeProposals.add(ikeProposal(ike.get(i), "cryptoPolicy.ikeProposals[" + i + "]", refused));
        }
        List<String> transformSets = new ArrayList<>();
        List<Proposal> esp = p.parsedEspProposals();
        for (int i = 0; i < esp.size(); i++) {
            transformSets.addAll(transforms(esp.get(i), "cryptoPolicy.espProposals[" + i + "]", refused));
        }
        Optional<Integer> pfs = p.pfs().flatMap(k -> group(k.method(), "cryptoPolicy.pfsGroup", refused));
        p.pfs().filter(k -> !k.additional().isEmpty()).ifPresent(k -> refused.add("cryptoPolicy.pfsGroup",
                "the Cisco IOS output (format=cisco-ios) has no additional key exchanges (RFC 9370): " + k.toText()));
        if (p.esn()) {
            refused.add("cryptoPolicy.esn", "the Cisco IOS output (format=cisco-ios) does not negotiate extended sequence numbers");
        }
        ipv4Only(side.gatewaySelectors(), "localTrafficSelectors", refused);
        ipv4Only(side.peerSelectors(), "remoteTrafficSelectors", refused);
        List<String> gatewayAddresses = side.gatewayAddresses().stream().filter(a -> !a.contains(":")).toList();
        if (gatewayAddresses.isEmpty()) {
            refused.add("peer.address", "the Cisco IOS output (format=cisco-ios) is written for IPv4, and the gateway is reached over IPv6");
        }
        String localIdentity = localIdentity(side, refused);
        side.refuseRequiredPpk("the Cisco IOS output (format=cisco-ios)", refused);
        String psk = side.disclosedPsk().orElse(Placeholders.PSK);
        // the IOS command line reads '?' as a request for help and trims the line; it takes printable ASCII
        if (side.disclosedPsk().isPresent() && (!psk.chars().allMatch(c -> c >= ' ' && c < 127 && c != '?') || !psk.equals(psk.strip()))) {
            refused.add("peer.auth.psk", "holds '?', a leading or trailing space or a character outside printable ASCII, which the"
                    + " IOS command line cannot take in pre-shared-key (format=cisco-ios)");
        }
        if (!refused.isEmpty()) {
            throw new UnexpressibleConfigurationException(refused.toList());
        }

        String name = side.connectionName();
        String gateway = gatewayAddresses.getFirst();
        var out = new StringBuilder();
        out.append("! Cisco IOS XE configuration for your side of vpnaas tunnel '").append(side.tunnelName()).append("'\n")
                .append("! (gateway '").append(side.gateway().name()).append("', peer '").append(side.peer().name()).append("').\n")
                .append("! Replace every <...> first: the service cannot know it.\n")
                .append("! Assumed: IOS XE 16 or later with IKEv2; a policy-based crypto map '").append(MAP)
                .append("' on your outside interface (if it\n")
                .append("! already has a crypto map, add the entry to that map with a free sequence number instead).\n")
                .append("! The tunnel comes up on the first packet the access list matches")
                .append(p.initiates() ? ", or when the gateway sets it up.\n" : "; the gateway only answers.\n")
                .append("! Not set per tunnel on IOS XE: the rekey margin (the gateway rekeys ")
                .append(p.ikeRekeyMarginSeconds()).append(" s / ").append(p.childRekeyMarginSeconds())
                .append(" s before the IKE / Child SA lifetimes end;\n")
                .append("! IOS rekeys before its own lifetimes below), the replay window (")
                .append(p.replayWindow()).append(": crypto ipsec security-association replay window-size),\n")
                .append("! IKE fragmentation (").append(p.ikeFragmentSize()).append(" bytes: crypto ikev2 fragmentation mtu)")
                .append(" and NAT keepalives (").append(p.natKeepaliveSeconds()).append(" s: crypto isakmp nat keepalive).\n");
        if (p.forcesUdpEncapsulation()) {
            out.append("! The gateway puts ESP in UDP 4500 (it makes this side detect a NAT): nothing to set here.\n");
        }
        if (side.usesCertificates()) {
            out.append("! Trust ").append(side.gatewayCaFile()).append(" (it issued the gateway's certificate")
                    .append(side.gatewayCertificateFromTenantCa() ? "; GET /v1/ike-ca, certificatePem" : "")
                    .append("): crypto pki trustpoint vpnaas-gateway-ca / enrollment terminal,\n")
                    .append("! then crypto pki authenticate vpnaas-gateway-ca and paste it; enroll your own certificate in ")
                    .append(Placeholders.TRUSTPOINT).append(".\n");
        }
        for (int i = 0; i < ikeProposals.size(); i++) {
            out.append("crypto ikev2 proposal ").append(name).append('-').append(i + 1).append('\n').append(ikeProposals.get(i)).append("!\n");
        }
        out.append("crypto ikev2 policy ").append(name).append('\n')
                .append(" ! your outside address; behind a NAT, the interface's own address\n")
                .append(" match address local ").append(side.peer().ipAddress().isPresent() ? side.peer().address() : Placeholders.OUTSIDE_ADDRESS)
                .append('\n');
        for (int i = 0; i < ikeProposals.size(); i++) {
            out.append(" proposal ").append(name).append('-').append(i + 1).append('\n');
        }
        out.append("!\n");
        if (!side.usesCertificates()) {
            out.append("crypto ikev2 keyring ").append(name).append('\n')
                    .append(" peer vpnaas-gateway\n")
                    .append("  address ").append(gateway).append('\n')
                    .append("  pre-shared-key local ").append(psk).append('\n')
                    .append("  pre-shared-key remote ").append(psk).append('\n')
                    .append("!\n");
        }
        out.append("crypto ikev2 profile ").append(name).append('\n')
                .append(" match identity remote address ").append(side.gatewayIdentity().value()).append(" 255.255.255.255\n")
                .append(" identity local ").append(localIdentity).append('\n');
        if (side.usesCertificates()) {
            out.append(" authentication local <ecdsa-sig or rsa-sig: your key's type>\n")
                    .append(" authentication remote ").append(side.gatewayCertificateFromTenantCa() ? "ecdsa-sig"
                            : "<ecdsa-sig or rsa-sig: the gateway certificate's key type>").append('\n')
                    .append(" pki trustpoint ").append(Placeholders.TRUSTPOINT).append(" sign\n")
                    .append(" pki trustpoint vpnaas-gateway-ca verify\n");
        } else {
            out.append(" authentication local pre-share\n")
                    .append(" authentication remote pre-share\n")
                    .append(" keyring local ").append(name).append('\n');
        }
        out.append(" lifetime ").append(p.ikeLifetimeSeconds()).append('\n');
        if (p.dpd().intervalSeconds() > 0) {
            // IOS probes after an idle interval of 10-3600 s, then retries five times 2-60 s apart before it gives up
            int interval = Math.clamp(p.dpd().intervalSeconds(), 10, 3600);
            int retry = Math.clamp(p.dpd().timeoutSeconds() / 5, 2, 60);
            out.append(" ! the gateway probes after ").append(p.dpd().intervalSeconds()).append(" s idle and gives up after ")
                    .append(p.dpd().timeoutSeconds()).append(" s\n")
                    .append(" dpd ").append(interval).append(' ').append(retry).append(" periodic\n");
        }
        out.append("!\n");
        for (int i = 0; i < transformSets.size(); i++) {
            out.append("crypto ipsec transform-set ").append(name).append("-t").append(i + 1).append(' ').append(transformSets.get(i))
                    .append("\n mode tunnel\n!\n");
        }
        out.append("ip access-list extended ").append(name).append('\n');
        for (Prefix local : side.peerPrefixes(true)) {
            for (Prefix remote : side.gatewayPrefixes(true)) {
                out.append(" permit ip ").append(wildcard(local)).append(' ').append(wildcard(remote)).append('\n');
            }
        }
        out.append("!\n")
                .append("crypto map ").append(MAP).append(" 10 ipsec-isakmp\n")
                .append(" set peer ").append(gateway).append('\n')
                .append(" set transform-set");
        for (int i = 0; i < transformSets.size(); i++) {
            out.append(' ').append(name).append("-t").append(i + 1);
        }
        out.append('\n');
        pfs.ifPresent(g -> out.append(" set pfs group").append(g).append('\n'));
        out.append(" set security-association lifetime seconds ").append(p.childLifetimeSeconds()).append('\n')
                .append(" set ikev2-profile ").append(name).append('\n')
                .append(" match address ").append(name).append('\n')
                .append("!\n")
                .append("interface ").append(Placeholders.OUTSIDE_INTERFACE).append('\n')
                .append(" crypto map ").append(MAP).append('\n');
        return out.toString();
    }

    /** The lines of one IKEv2 proposal: IOS takes several values per line, in order of preference. */
    private static String ikeProposal(Proposal p, String field, Violations refused) {
        List<String> encryptions = new ArrayList<>();
        for (EncryptionAlgorithm e : p.encryptions()) {
            CiscoIosAlgorithms.ikeEncryption(e).ifPresentOrElse(encryptions::add, () -> refused.add(field, unknown(e.token())));
        }
        List<String> groups = new ArrayList<>();
        for (KeyExchangeMethod k : p.keyExchanges()) {
            group(k, field, refused).ifPresent(g -> groups.add(Integer.toString(g)));
        }
        if (!p.additionalKeyExchanges().isEmpty()) {
            refused.add(field, "the Cisco IOS output (format=cisco-ios) has no additional key exchanges (RFC 9370): " + p.toText());
        }
        var out = new StringBuilder(" encryption ").append(String.join(" ", encryptions)).append('\n');
        if (!p.integrities().isEmpty()) {
            out.append(" integrity ").append(String.join(" ", p.integrities().stream().map(CiscoIosAlgorithms::ikeIntegrity).toList()))
                    .append('\n');
        }
        out.append(" prf ").append(String.join(" ", p.prfs().stream().map(CiscoIosAlgorithms::prf).toList())).append('\n')
                .append(" group ").append(String.join(" ", groups)).append('\n');
        return out.toString();
    }

    /** One transform set per encryption (and integrity) of the proposal, in its order of preference. */
    private static List<String> transforms(Proposal p, String field, Violations refused) {
        List<String> out = new ArrayList<>();
        for (EncryptionAlgorithm e : p.encryptions()) {
            Optional<String> encryption = CiscoIosAlgorithms.espEncryption(e);
            if (encryption.isEmpty()) {
                refused.add(field, unknown(e.token()));
                continue;
            }
            if (p.integrities().isEmpty()) {
                out.add(encryption.get());
            }
            for (IntegrityAlgorithm i : p.integrities()) {
                out.add(encryption.get() + " " + CiscoIosAlgorithms.espIntegrity(i));
            }
        }
        return out;
    }

    private static Optional<Integer> group(KeyExchangeMethod k, String field, Violations refused) {
        Optional<Integer> group = CiscoIosAlgorithms.group(k);
        if (group.isEmpty()) refused.add(field, unknown(k.token()));
        return group;
    }

    private static String unknown(String token) {
        return "Cisco IOS XE (format=cisco-ios) has no " + token;
    }

    private static void ipv4Only(List<AddressRange> selectors, String field, Violations refused) {
        for (int i = 0; i < selectors.size(); i++) {
            if (!selectors.get(i).isIpv4()) {
                refused.add(field + "[" + i + "]", "the Cisco IOS output (format=cisco-ios) is written for IPv4 selectors only");
            }
        }
    }

    private static String localIdentity(CustomerSide side, Violations refused) {
        IkeIdentity id = side.peerIdentity();
        return switch (id.type()) {
            case IPV4_ADDR -> "address " + id.value();
            case FQDN -> "fqdn " + id.value();
            case RFC822_ADDR -> "email " + id.value();
            case DER_ASN1_DN -> {
                if (!side.usesCertificates()) {
                    refused.add("peer.ikeIdentity", "IOS XE sends a distinguished name identity only from a certificate (format=cisco-ios)");
                }
                yield "dn";
            }
            case IPV6_ADDR -> {
                refused.add("peer.ikeIdentity", "the Cisco IOS output (format=cisco-ios) is written for IPv4");
                yield "";
            }
        };
    }

    /** An ACL operand: {@code host a.b.c.d}, or the network and its wildcard mask. */
    private static String wildcard(Prefix prefix) {
        if (prefix.length() == 32) {
            return "host " + prefix.network().getHostAddress();
        }
        long mask = prefix.length() == 0 ? 0xffffffffL : (1L << (32 - prefix.length())) - 1;
        return prefix.network().getHostAddress() + " " + ((mask >> 24) & 255) + "." + ((mask >> 16) & 255) + "."
                + ((mask >> 8) & 255) + "." + (mask & 255);
    }
}
