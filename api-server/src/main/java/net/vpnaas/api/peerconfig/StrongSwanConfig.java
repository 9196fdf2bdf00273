package net.vpnaas.api.peerconfig;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.PeerPpk;
import net.vpnaas.model.crypto.Proposal;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.validation.Violation;

/**
 * A swanctl.conf (strongSwan 5.9 and later) for the customer's side of a tunnel. Our proposal
 * vocabulary is strongSwan's, so proposals are the model's own tokens ({@link Proposal#toText()});
 * what strongSwan keeps inside an ESP proposal and the policy keeps apart (the PFS group, ESN) is
 * appended here. Every setting strongSwan has per connection is written; those it has only globally
 * in strongswan.conf are named in a comment with the gateway's values.
 */
final class StrongSwanConfig {
    private StrongSwanConfig() {}

    static String render(CustomerSide side) throws UnexpressibleConfigurationException {
        CryptoPolicySpec p = side.policy();
        if (p.usesQkd()) {
            // Our private-use QKD key exchange: strongSwan has no such method, nor a KME client.
            throw new UnexpressibleConfigurationException(List.of(new Violation(
                    p.pfsUsesQkd() ? "cryptoPolicy.pfsGroup" : "cryptoPolicy.ikeProposals",
                    "the strongSwan output (format=strongswan) has no QKD key exchange (qkd): only this service's gateways take QKD keys")));
        }
        String name = side.connectionName();
        var out = new StringBuilder();
        out.append("# strongSwan swanctl.conf for your side of vpnaas tunnel '").append(side.tunnelName()).append("'\n")
                .append("# (gateway '").append(side.gateway().name()).append("', peer '").append(side.peer().name()).append("').\n")
                .append("# Save it as /etc/swanctl/conf.d/").append(name).append(".conf and run: swanctl --load-all\n")
                .append("# Replace every <...> first: the service cannot know it.\n");
        if (side.usesCertificates()) {
            out.append("# Put ").append(side.gatewayCaFile()).append(" in /etc/swanctl/x509ca/: it issued the gateway's certificate")
                    .append(side.gatewayCertificateFromTenantCa() ? " (GET /v1/ike-ca, certificatePem).\n" : ".\n")
                    .append("# Put your certificate in /etc/swanctl/x509/ and its key in /etc/swanctl/private/.\n");
        }
        out.append("# strongSwan sets these in strongswan.conf, for all connections; the gateway uses:\n")
                .append("#   peer declared dead after ").append(p.dpd().timeoutSeconds())
                .append(" s without an answer (charon.retransmit_*), IKE fragments of ").append(p.ikeFragmentSize())
                .append(" bytes (charon.fragment_size), NAT keepalives every ").append(p.natKeepaliveSeconds())
                .append(" s (charon.keep_alive).\n");
        out.append("connections {\n");
        out.append("  ").append(name).append(" {\n");
        line(out, 4, "version", "2");
        out.append("    # your device's address as the gateway knows it; behind a NAT, its own address (or %any)\n");
        line(out, 4, "local_addrs", side.peer().address());
        line(out, 4, "remote_addrs", String.join(",", side.gatewayAddresses()));
        line(out, 4, "proposals", String.join(",", p.parsedIkeProposals().stream().map(Proposal::toText).toList()));
        line(out, 4, "rekey_time", side.ikeRekeySeconds() + "s");
        line(out, 4, "over_time", p.ikeRekeyMarginSeconds() + "s");
        line(out, 4, "rand_time", side.ikeRekeyFuzzSeconds() + "s");
        line(out, 4, "dpd_delay", p.dpd().intervalSeconds() + "s");
        if (p.forcesUdpEncapsulation()) {
            line(out, 4, "encap", "yes");
        }
        if (!side.ppks().isEmpty()) {
            out.append("    # RFC 8784: strongSwan 6 or later; the gateway also takes the other PPKs in the secrets below\n");
            line(out, 4, "ppk_id", quoted(side.ppks().getFirst().id()));
            line(out, 4, "ppk_required", side.ppkRequired() ? "yes" : "no");
        }
        out.append("    local {\n");
        if (side.usesCertificates()) {
            line(out, 6, "auth", "pubkey");
            line(out, 6, "certs", quoted(Placeholders.OWN_CERTIFICATE + ".pem"));
        } else {
            line(out, 6, "auth", "psk");
        }
        line(out, 6, "id", quoted(side.peer().ikeIdentity()));
        out.append("    }\n    remote {\n");
        line(out, 6, "auth", side.usesCertificates() ? "pubkey" : "psk");
        line(out, 6, "id", quoted(side.gatewayIdentity().value()));
        if (side.usesCertificates()) {
            line(out, 6, "cacerts", quoted(side.gatewayCaFile()));
        }
        out.append("    }\n    children {\n");
        out.append("      ").append(name).append(" {\n");
        line(out, 8, "local_ts", selectors(side.peerSelectors()));
        line(out, 8, "remote_ts", selectors(side.gatewaySelectors()));
        line(out, 8, "esp_proposals", String.join(",", p.parsedEspProposals().stream().map(e -> esp(e, p)).toList()));
        line(out, 8, "rekey_time", side.childRekeySeconds() + "s");
        line(out, 8, "life_time", p.childLifetimeSeconds() + "s");
        line(out, 8, "rand_time", side.childRekeyFuzzSeconds() + "s");
        line(out, 8, "replay_window", Integer.toString(p.replayWindow()));
        line(out, 8, "dpd_action", dpdAction(p.dpd().action()));
        out.append("        # the gateway ").append(p.initiates()
                ? "sets the tunnel up itself: answer it, and start it on traffic\n"
                : "only answers: this side sets the tunnel up\n");
        line(out, 8, "start_action", p.initiates() ? "trap" : "start");
        out.append("      }\n    }\n  }\n}\n");
        if (!side.usesCertificates() || !side.ppks().isEmpty()) {
            out.append("secrets {\n");
            if (!side.usesCertificates()) {
                out.append("  ike-").append(name).append(" {\n");
                line(out, 4, "id-1", quoted(side.peer().ikeIdentity()));
                line(out, 4, "id-2", quoted(side.gatewayIdentity().value()));
                line(out, 4, "secret", side.disclosedPsk().map(StrongSwanConfig::hex).orElse(quoted(Placeholders.PSK)));
                out.append("  }\n");
            }
            for (int i = 0; i < side.ppks().size(); i++) {
                PeerPpk ppk = side.ppks().get(i);
                out.append("  ppk-").append(i + 1).append(" {\n");
                line(out, 4, "id", quoted(ppk.id()));
                line(out, 4, "secret", ppk.secret() != null ? hex(ppk.secret()) : quoted(Placeholders.PPK));
                out.append("  }\n");
            }
            out.append("}\n");
        }
        return out.toString();
    }

    /** A PSK or PPK is UTF-8 text: in hex no character of it can be read as strongSwan syntax (quotes, a 0x or 0s prefix). */
    private static String hex(String secret) {
        return "0x" + HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The model keeps PFS and ESN in the policy; strongSwan wants them in each ESP proposal. */
    private static String esp(Proposal proposal, CryptoPolicySpec p) {
        return proposal.toText() + p.pfs().map(k -> "-" + k.toText()).orElse("") + (p.esn() ? "-esn" : "-noesn");
    }

    /** strongSwan's "trap" is what the policy calls hold: routes stay, the next packet sets the tunnel up again. */
    private static String dpdAction(String action) {
        return switch (action) {
            case "hold" -> "trap";
            default -> action;
        };
    }

    private static String selectors(List<AddressRange> ranges) {
        return String.join(",", ranges.stream().map(AddressRange::toString).toList());
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void line(StringBuilder out, int indent, String key, String value) {
        out.repeat(' ', indent).append(key).append(" = ").append(value).append('\n');
    }
}
