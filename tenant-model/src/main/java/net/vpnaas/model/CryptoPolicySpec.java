package net.vpnaas.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.vpnaas.model.crypto.KeyExchangeMethod;
import net.vpnaas.model.crypto.PfsKeyExchanges;
import net.vpnaas.model.crypto.Proposal;
import net.vpnaas.model.crypto.ProposalParser;
import net.vpnaas.model.crypto.ProposalParser.Protocol;
import net.vpnaas.model.validation.Violation;
import net.vpnaas.model.validation.Violations;

/**
 * How a tunnel's IKE SA and Child SAs are negotiated and kept alive. Proposals are ordered, most
 * preferred first, in strongSwan's notation. Lifetimes are hard limits; an SA is rekeyed
 * {@code rekeyMarginSeconds} (plus up to {@code rekeyFuzzPercent} of it, randomly) before expiry,
 * or, where {@code ikeRekeySeconds} / {@code childRekeySeconds} is given, at that time after it was
 * keyed (minus up to {@code rekeyFuzzPercent} of the time left to its lifetime): for that SA the
 * margin is its lifetime minus its rekey time.
 */
public record CryptoPolicySpec(
        String name,
        Map<String, String> labels,
        List<String> ikeProposals,
        List<String> espProposals,
        Integer ikeLifetimeSeconds,
        Integer childLifetimeSeconds,
        Integer rekeyMarginSeconds,
        Integer rekeyFuzzPercent,
        DpdSettings dpd,
        Integer replayWindow,
        Boolean esn,
        String pfsGroup,
        String startAction,
        String encapsulation,
        Integer ikeRekeySeconds,
        Integer childRekeySeconds,
        Integer ikeFragmentSize,
        RetransmitSettings retransmit,
        Integer natKeepaliveSeconds,
        String transport,
        Integer tcpPort) {

    public static final List<String> START_ACTIONS = List.of("initiate", "respond");
    public static final List<String> ENCAPSULATIONS = List.of("auto", "force_udp");
    /**
     * What carries the tunnel's IKE SAs that the gateway initiates (RFC 9329): UDP; TCP; or UDP first
     * and TCP when UDP gets no answer. As responder the gateway accepts either.
     */
    public static final List<String> TRANSPORTS = List.of("udp", "tcp", "udp-with-tcp-fallback");
    /** RFC 9329's port for TCP encapsulation, the same number as UDP encapsulation's. */
    public static final int DEFAULT_TCP_PORT = 4500;
    /** strongSwan's default fragment_size: the IPv6 minimum MTU, which passes practically every IPv4 path too. */
    public static final int DEFAULT_IKE_FRAGMENT_SIZE = 1280;
    static final int MAX_PROPOSALS = 16;

    /** Fills what the client left out with the defaults documented in the API contract. */
    public CryptoPolicySpec withDefaults() {
        return new CryptoPolicySpec(
                name,
                labels == null ? Map.of() : labels,
                ikeProposals,
                espProposals,
                ikeLifetimeSeconds == null ? 14400 : ikeLifetimeSeconds,
                childLifetimeSeconds == null ? 3600 : childLifetimeSeconds,
                rekeyMarginSeconds == null ? 540 : rekeyMarginSeconds,
                rekeyFuzzPercent == null ? 100 : rekeyFuzzPercent,
                dpd == null ? DpdSettings.DEFAULT : dpd.withDefaults(),
                replayWindow == null ? 32 : replayWindow,
                esn == null ? Boolean.FALSE : esn,
                pfsGroup,
                startAction == null ? "respond" : startAction,
                encapsulation == null ? "auto" : encapsulation,
                ikeRekeySeconds,
                childRekeySeconds,
                ikeFragmentSize == null ? DEFAULT_IKE_FRAGMENT_SIZE : ikeFragmentSize,
                retransmit == null ? RetransmitSettings.DEFAULT : retransmit.withDefaults(),
                natKeepaliveSeconds == null ? 20 : natKeepaliveSeconds,
                transport == null ? "udp" : transport,
                tcpPort == null ? DEFAULT_TCP_PORT : tcpPort);
    }

    /** Validates a specification after {@link #withDefaults()}. */
    public List<Violation> validate() {
        Violations v = new Violations();
        v.name("name", name);
        v.labels("labels", labels);
        proposals(v, "ikeProposals", ikeProposals, Protocol.IKE);
        proposals(v, "espProposals", espProposals, Protocol.ESP);
        v.range("ikeLifetimeSeconds", ikeLifetimeSeconds, 300, 86_400);
        v.range("childLifetimeSeconds", childLifetimeSeconds, 120, 86_400);
        v.range("rekeyMarginSeconds", rekeyMarginSeconds, 10, 3_600);
        v.range("rekeyFuzzPercent", rekeyFuzzPercent, 0, 200);
        rekeyTime(v, "ikeRekeySeconds", ikeRekeySeconds, 60, "ikeLifetimeSeconds", ikeLifetimeSeconds);
        // Child SAs down to 10 s: with QKD as their PFS group every rekey takes a fresh QKD key, and
        // QKD links are run with a key refresh that short (the 10 s).
        rekeyTime(v, "childRekeySeconds", childRekeySeconds, 10, "childLifetimeSeconds", childLifetimeSeconds);
        if (v.isEmpty()) {
            marginWithFuzz(v, ikeRekeySeconds == null ? "rekeyMarginSeconds" : "ikeRekeySeconds", ikeRekeyMarginSeconds(),
                    "ikeLifetimeSeconds", ikeLifetimeSeconds);
            marginWithFuzz(v, childRekeySeconds == null ? "rekeyMarginSeconds" : "childRekeySeconds", childRekeyMarginSeconds(),
                    "childLifetimeSeconds", childLifetimeSeconds);
        }
        if (v.required("dpd", dpd)) {
            v.range("dpd.intervalSeconds", dpd.intervalSeconds(), 0, 3_600);
            v.range("dpd.timeoutSeconds", dpd.timeoutSeconds(), 5, 7_200);
            if (dpd.intervalSeconds() != null && dpd.timeoutSeconds() != null
                    && dpd.intervalSeconds() > 0 && dpd.timeoutSeconds() <= dpd.intervalSeconds()) {
                v.add("dpd.timeoutSeconds", "must be greater than dpd.intervalSeconds");
            }
            if (v.required("dpd.action", dpd.action()) && !DpdSettings.ACTIONS.contains(dpd.action())) {
                v.add("dpd.action", "must be one of " + String.join(", ", DpdSettings.ACTIONS));
            }
        }
        v.range("replayWindow", replayWindow, 0, 4_096);
        v.required("esn", esn);
        if (pfsGroup != null) {
            try {
                ProposalParser.parsePfs(pfsGroup);
            } catch (ProposalParser.InvalidProposalException e) {
                v.add("pfsGroup", e.getMessage());
            }
        }
        if (v.required("startAction", startAction) && !START_ACTIONS.contains(startAction)) {
            v.add("startAction", "must be one of " + String.join(", ", START_ACTIONS));
        }
        if (v.required("encapsulation", encapsulation) && !ENCAPSULATIONS.contains(encapsulation)) {
            v.add("encapsulation", "must be one of " + String.join(", ", ENCAPSULATIONS));
        }
        if (v.required("ikeFragmentSize", ikeFragmentSize) && ikeFragmentSize != 0
                && (ikeFragmentSize < 576 || ikeFragmentSize > 9_000)) {
            v.add("ikeFragmentSize", "must be 0 (no IKE fragmentation) or between 576 and 9000");
        }
        v.range("natKeepaliveSeconds", natKeepaliveSeconds, 0, 3_600);
        if (v.required("transport", transport) && !TRANSPORTS.contains(transport)) {
            v.add("transport", "must be one of " + String.join(", ", TRANSPORTS));
        }
        v.range("tcpPort", tcpPort, 1, 65_535);
        if (v.required("retransmit", retransmit)) {
            Violations r = new Violations();
            r.range("retransmit.timeoutMillis", retransmit.timeoutMillis(), 100, 60_000);
            r.range("retransmit.backoffPercent", retransmit.backoffPercent(), 100, 400);
            r.range("retransmit.tries", retransmit.tries(), 1, 20);
            if (r.isEmpty() && retransmit.totalMillis() > RetransmitSettings.MAX_TOTAL_MILLIS) {
                r.add("retransmit.tries", "the waits add up to " + retransmit.totalMillis() / 1000 + " s; at most "
                        + RetransmitSettings.MAX_TOTAL_MILLIS / 1000 + " s");
            }
            v.addAll(r.toList());
        }
        return v.toList();
    }

    /** How long before its lifetime ends the IKE SA is rekeyed (then less up to the fuzz); for a specification that passed {@link #validate()}. */
    public int ikeRekeyMarginSeconds() {
        return ikeRekeySeconds == null ? rekeyMarginSeconds : ikeLifetimeSeconds - ikeRekeySeconds;
    }

    /** How long before its lifetime ends a Child SA is rekeyed (then less up to the fuzz); for a specification that passed {@link #validate()}. */
    public int childRekeyMarginSeconds() {
        return childRekeySeconds == null ? rekeyMarginSeconds : childLifetimeSeconds - childRekeySeconds;
    }

    /** An explicit rekey time is optional, and comes before the lifetime ends (the hard limit). */
    private static void rekeyTime(Violations v, String field, Integer rekey, int min, String lifetimeField, Integer lifetime) {
        if (rekey == null) return;
        if (rekey < min || rekey > 86_400) {
            v.add(field, "must be between " + min + " and 86400");
        } else if (lifetime != null && rekey >= lifetime) {
            v.add(field, "must be below " + lifetimeField + " (" + lifetime + " s): an SA is rekeyed before its lifetime ends");
        }
    }

    /** The earliest rekey (the margin stretched by the full fuzz) must still lie after the SA's birth. */
    private void marginWithFuzz(Violations v, String field, int margin, String lifetimeField, int lifetime) {
        long latestRekeyBeforeExpiry = (long) margin * (100 + rekeyFuzzPercent) / 100;
        if (latestRekeyBeforeExpiry >= lifetime) {
            v.add(field, "rekey margin plus fuzz (" + latestRekeyBeforeExpiry + " s) must be below " + lifetimeField
                    + " (" + lifetime + " s)");
        }
    }

    /** The IKE proposals, parsed; for a specification that passed {@link #validate()}. */
    public List<Proposal> parsedIkeProposals() {
        return ikeProposals.stream().map(p -> ProposalParser.parse(Protocol.IKE, p)).toList();
    }

    /** The ESP proposals, parsed; for a specification that passed {@link #validate()}. */
    public List<Proposal> parsedEspProposals() {
        return espProposals.stream().map(p -> ProposalParser.parse(Protocol.ESP, p)).toList();
    }

    /**
     * The key exchanges of Child SAs created or rekeyed in CREATE_CHILD_SA, none without PFS; for a
     * specification that passed {@link #validate()}.
     */
    public Optional<PfsKeyExchanges> pfs() {
        return Optional.ofNullable(pfsGroup).map(ProposalParser::parsePfs);
    }

    /**
     * Whether a key exchange of this policy takes QKD keys (an IKE proposal's {@code keN_qkd}, or
     * {@code pfsGroup} qkd or {@code ...-keN_qkd}), so its tunnels' peers need a QKD SAE ID; for a specification that passed
     * {@link #validate()}.
     */
    public boolean usesQkd() {
        return usesQkd(ikeProposals, pfsGroup);
    }

    /** Whether {@code pfsGroup} takes QKD keys ({@code qkd} or {@code ...-keN_qkd}); for a valid specification. */
    public boolean pfsUsesQkd() {
        return pfs().map(CryptoPolicySpec::takesQkd).orElse(false);
    }

    /** {@link #usesQkd()} of a stored policy's IKE proposals and pfsGroup (valid ones). */
    public static boolean usesQkd(List<String> ikeProposals, String pfsGroup) {
        boolean pfs = pfsGroup != null && takesQkd(ProposalParser.parsePfs(pfsGroup));
        return pfs || ikeProposals.stream().map(p -> ProposalParser.parse(Protocol.IKE, p)).flatMap(p -> p.additionalKeyExchanges().stream())
                .anyMatch(a -> a.methods().contains(KeyExchangeMethod.QKD));
    }

    /** The groups PACE (RFC 6631) runs its generic mapping on: the IKE SA's group must be an elliptic curve (RFC 5903). */
    private static final List<KeyExchangeMethod> PACE_GROUPS = List.of(KeyExchangeMethod.ECP_256, KeyExchangeMethod.ECP_384,
            KeyExchangeMethod.ECP_521);

    /**
     * Why a peer with password authentication cannot use the policy named {@code policyName} with these (valid) IKE
     * proposals, or empty when it can: PACE maps its generator onto the IKE SA's Diffie-Hellman group, so every IKE
     * proposal may offer only ECP groups, whichever one the peers agree on. One rule for the REST API, the standalone
     * file and the pushed snapshot; the engine refuses such a connection too, but only the agent would see that.
     */
    public static Optional<String> passwordAuthProblem(String policyName, List<String> ikeProposals) {
        List<String> others = ikeProposals.stream().map(p -> ProposalParser.parse(Protocol.IKE, p))
                .flatMap(p -> p.keyExchanges().stream()).filter(g -> !PACE_GROUPS.contains(g))
                .map(KeyExchangeMethod::token).distinct().toList();
        return others.isEmpty() ? Optional.empty()
                : Optional.of("crypto policy '" + policyName + "' offers IKE groups " + String.join(", ", others)
                        + ", but password authentication (PACE) needs ECP groups in every IKE proposal: ecp256, ecp384 or ecp521");
    }

    private static boolean takesQkd(PfsKeyExchanges pfs) {
        return pfs.method() == KeyExchangeMethod.QKD || pfs.additional().stream().anyMatch(a -> a.methods().contains(KeyExchangeMethod.QKD));
    }

    /**
     * Whether ESP travels in UDP 4500 even where no NAT is detected (RFC 3948; the gateway makes the
     * peer believe it is behind one), e.g. through firewalls that pass UDP but not IP protocol 50.
     */
    public boolean forcesUdpEncapsulation() {
        return "force_udp".equals(encapsulation);
    }

    /** Whether IKE SAs the gateway initiates start over TCP (RFC 9329) rather than UDP. */
    public boolean forcesTcp() {
        return "tcp".equals(transport);
    }

    /** Whether IKE SAs the gateway initiates fall back to TCP when UDP gets no answer. */
    public boolean fallsBackToTcp() {
        return "udp-with-tcp-fallback".equals(transport);
    }

    /** Whether the gateway sets the tunnel up by itself rather than waiting for the peer. */
    public boolean initiates() {
        return "initiate".equals(startAction);
    }

    private static void proposals(Violations v, String field, List<String> proposals, Protocol protocol) {
        if (!v.required(field, proposals)) {
            return;
        }
        if (proposals.isEmpty() || proposals.size() > MAX_PROPOSALS) {
            v.add(field, "must hold 1 to " + MAX_PROPOSALS + " proposals");
        }
        for (int i = 0; i < proposals.size(); i++) {
            String item = field + "[" + i + "]";
            if (!v.required(item, proposals.get(i))) {
                continue;
            }
            try {
                var proposal = ProposalParser.parse(protocol, proposals.get(i));
                if (protocol == Protocol.ESP && !proposal.keyExchanges().isEmpty()) {
                    v.add(item, "ESP proposals name no key exchange method; set pfsGroup instead");
                }
            } catch (ProposalParser.InvalidProposalException e) {
                v.add(item, e.getMessage());
            }
        }
    }
}
