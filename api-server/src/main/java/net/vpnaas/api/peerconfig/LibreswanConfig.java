package net.vpnaas.api.peerconfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.crypto.IntegrityAlgorithm;
import net.vpnaas.model.crypto.KeyExchangeMethod;
import net.vpnaas.model.crypto.Proposal;
import net.vpnaas.model.net.IkeIdentity;
import net.vpnaas.model.net.Prefix;
import net.vpnaas.model.validation.Violations;

/**
 * An ipsec.conf connection and its ipsec.secrets line (Libreswan 4 and later) for the customer's
 * side of a tunnel. Libreswan takes no address ranges and no mixed address families in one
 * connection, so each family gets a connection of its own and a range is written as its prefixes.
 * Libreswan uses one hash as PRF and integrity, has no Curve448, and one rekey margin for IKE
 * and Child SAs: what it cannot express is refused.
 */
final class LibreswanConfig {
    private LibreswanConfig() {}

    static String render(CustomerSide side) throws UnexpressibleConfigurationException {
        CryptoPolicySpec p = side.policy();
        Violations refused = new Violations();
        String ike = ikeProposals(p.parsedIkeProposals(), refused);
        String esp = espProposals(p, refused);
        side.refuseRequiredPpk("the Libreswan output (format=libreswan)", refused);
        if (!refused.isEmpty()) {
            throw new UnexpressibleConfigurationException(refused.toList());
        }
        String name = side.connectionName();
        String leftId = id(side.peerIdentity());
        String rightId = id(side.gatewayIdentity());
        var out = new StringBuilder();
        out.append("# Libreswan configuration for your side of vpnaas tunnel '").append(side.tunnelName()).append("'\n")
                .append("# (gateway '").append(side.gateway().name()).append("', peer '").append(side.peer().name()).append("').\n")
                .append("# Two files: the connection(s) as /etc/ipsec.d/").append(name).append(".conf, the secret as /etc/ipsec.d/")
                .append(name).append(".secrets (mode 0600); then: ipsec auto --add <connection>.\n")
                .append("# Replace every <...> first: the service cannot know it.\n");
        if (side.usesCertificates()) {
            out.append("# Import ").append(side.gatewayCaFile()).append(", which issued the gateway's certificate")
                    .append(side.gatewayCertificateFromTenantCa() ? " (GET /v1/ike-ca, certificatePem)" : "")
                    .append(", into the NSS database:\n#   certutil -d sql:/var/lib/ipsec/nss -A -n vpnaas-gateway-ca -t CT,, -a -i ")
                    .append(side.gatewayCaFile()).append("\n# and your certificate with its key under the nickname used by leftcert.\n");
        }
        int margin = Math.min(p.ikeRekeyMarginSeconds(), p.childRekeyMarginSeconds());
        if (p.ikeRekeyMarginSeconds() != p.childRekeyMarginSeconds()) {
            out.append("# Libreswan has one rekey margin; the gateway rekeys IKE SAs ").append(p.ikeRekeyMarginSeconds())
                    .append(" s and Child SAs ").append(p.childRekeyMarginSeconds()).append(" s before they expire.\n");
        }
        out.append("# ---- ").append(name).append(".conf ----\n");
        for (boolean ipv4 : List.of(true, false)) {
            List<Prefix> left = side.peerPrefixes(ipv4);
            List<Prefix> right = side.gatewayPrefixes(ipv4);
            if (left.isEmpty() || right.isEmpty()) continue;
            out.append("conn ").append(name).append(ipv4 ? "" : "-v6").append('\n');
            line(out, "ikev2", "insist");
            out.append("    # your device's address as the gateway knows it; behind a NAT, its own address (or %defaultroute)\n");
            line(out, "left", side.peer().address());
            line(out, "leftid", leftId);
            subnets(out, "left", left);
            if (side.usesCertificates()) {
                line(out, "leftcert", Placeholders.OWN_CERTIFICATE);
            }
            List<String> gateway = side.gatewayAddresses();
            if (gateway.size() > 1) {
                out.append("    # the gateway is also at ").append(String.join(", ", gateway.subList(1, gateway.size()))).append('\n');
            }
            line(out, "right", gateway.getFirst());
            line(out, "rightid", rightId);
            subnets(out, "right", right);
            line(out, "authby", side.usesCertificates() ? "rsasig,ecdsa" : "secret");
            line(out, "ike", ike);
            line(out, "esp", esp);
            line(out, "pfs", p.pfs().isPresent() ? "yes" : "no");
            line(out, "esn", p.esn() ? "yes" : "no");
            line(out, "replay-window", Integer.toString(p.replayWindow()));
            line(out, "ikelifetime", p.ikeLifetimeSeconds() + "s");
            line(out, "salifetime", p.childLifetimeSeconds() + "s");
            line(out, "rekeymargin", margin + "s");
            line(out, "rekeyfuzz", p.rekeyFuzzPercent() + "%");
            line(out, "dpddelay", p.dpd().intervalSeconds() + "s");
            line(out, "dpdtimeout", p.dpd().timeoutSeconds() + "s");
            line(out, "dpdaction", p.dpd().action());
            line(out, "fragmentation", p.ikeFragmentSize() == 0 ? "no" : "yes");
            line(out, "encapsulation", p.forcesUdpEncapsulation() ? "yes" : "auto");
            out.append("    # the gateway ").append(p.initiates()
                    ? "sets the tunnel up itself: answer it, and start it on traffic\n"
                    : "only answers: this side sets the tunnel up\n");
            line(out, "auto", p.initiates() ? "route" : "start");
            out.append('\n');
        }
        out.append("# ---- ").append(name).append(".secrets ----\n");
        if (side.usesCertificates()) {
            out.append("# none: certificates authenticate both sides (your key is in the NSS database)\n");
        } else {
            out.append(leftId).append(' ').append(rightId).append(" : PSK ")
                    .append(side.disclosedPsk().map(LibreswanConfig::secret).orElse("\"" + Placeholders.PSK + "\"")).append('\n');
        }
        return out.toString();
    }

    /** Quoted text where it can be; hex (its UTF-8 bytes) when it holds a quote or control characters. */
    private static String secret(String psk) {
        return psk.chars().anyMatch(c -> c == '"' || Character.isISOControl(c))
                ? "0x" + HexFormat.of().formatHex(psk.getBytes(StandardCharsets.UTF_8))
                : "\"" + psk + "\"";
    }

    private static String ikeProposals(List<Proposal> proposals, Violations refused) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            Proposal p = proposals.get(i);
            String field = "cryptoPolicy.ikeProposals[" + i + "]";
            boolean aead = p.integrities().isEmpty();
            if (!aead && !p.prfs().equals(p.integrities().stream().map(IntegrityAlgorithm::matchingPrf).distinct().toList())) {
                refused.add(field, "Libreswan (format=libreswan) uses each integrity algorithm's own hash as the PRF;"
                        + " a proposal naming another PRF (" + p.toText() + ") cannot be written");
                continue;
            }
            String hashes = aead ? join(p.prfs().stream().map(LibreswanAlgorithms::prf).toList())
                    : join(p.integrities().stream().map(LibreswanAlgorithms::integrity).toList());
            List<String> groups = new ArrayList<>();
            for (KeyExchangeMethod k : p.keyExchanges()) {
                LibreswanAlgorithms.keyExchange(k).ifPresentOrElse(groups::add, () -> refused.add(field, unknownGroup(k)));
            }
            if (!p.additionalKeyExchanges().isEmpty()) {
                refused.add(field, "the Libreswan output (format=libreswan) has no additional key exchanges (RFC 9370): " + p.toText());
            }
            out.add(join(p.encryptions().stream().map(LibreswanAlgorithms::encryption).toList()) + "-" + hashes + "-" + join(groups));
        }
        return String.join(",", out);
    }

    /** ENCRYPT[-INTEG] per proposal, the PFS group after a ';' (ipsec.conf(5), esp=). */
    private static String espProposals(CryptoPolicySpec policy, Violations refused) {
        Optional<String> pfs = Optional.empty();
        if (policy.pfs().isPresent()) {
            KeyExchangeMethod k = policy.pfs().get().method();
            pfs = LibreswanAlgorithms.keyExchange(k);
            if (pfs.isEmpty()) refused.add("cryptoPolicy.pfsGroup", unknownGroup(k));
            if (!policy.pfs().get().additional().isEmpty()) {
                refused.add("cryptoPolicy.pfsGroup", "the Libreswan output (format=libreswan) has no additional key exchanges"
                        + " (RFC 9370): " + policy.pfs().get().toText());
            }
        }
        String suffix = pfs.map(g -> ";" + g).orElse("");
        return String.join(",", policy.parsedEspProposals().stream().map(p -> {
            String encryptions = join(p.encryptions().stream().map(LibreswanAlgorithms::encryption).toList());
            return (p.integrities().isEmpty() ? encryptions
                    : encryptions + "-" + join(p.integrities().stream().map(LibreswanAlgorithms::integrity).toList())) + suffix;
        }).toList());
    }

    private static String unknownGroup(KeyExchangeMethod k) {
        return "Libreswan (format=libreswan) has no key exchange method " + k.token();
    }

    private static String id(IkeIdentity id) {
        return switch (id.type()) {
            case FQDN -> "@" + id.value();
            case DER_ASN1_DN -> "\"" + id.value() + "\"";
            case IPV4_ADDR, IPV6_ADDR, RFC822_ADDR -> id.value();
        };
    }

    private static void subnets(StringBuilder out, String side, List<Prefix> prefixes) {
        if (prefixes.size() == 1) {
            line(out, side + "subnet", prefixes.getFirst().toString());
        } else {
            line(out, side + "subnets", "{" + String.join(" ", prefixes.stream().map(Prefix::toString).toList()) + "}");
        }
    }

    private static String join(List<String> names) {
        return String.join("+", names);
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append("    ").append(key).append('=').append(value).append('\n');
    }
}
