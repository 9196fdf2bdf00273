package net.vpnaas.agent.managed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.GatewayDefence;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerPpk;
import net.vpnaas.model.PeerQkd;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.RadiusServerSpec;
import net.vpnaas.model.RemoteAccessEndpointSpec;
import net.vpnaas.model.RetransmitSettings;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Peer;
import net.vpnaas.model.agent.v1.Tunnel;
import net.vpnaas.model.gateway.GatewayCertificate;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.GatewayTunnel;
import net.vpnaas.model.gateway.LocalGateway;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.validation.Violation;

/**
 * Turns a pushed {@link GatewaySnapshot} into tenant-model's {@link GatewayConfiguration}, the same
 * type a standalone file loads into, and validates it with the same rules the REST API applied: a
 * control plane of another version, or a snapshot file run by hand, is held to them too. A
 * refusal names the fields ({@code tunnels[0].localTrafficSelectors[1]: ...}) and the tunnel at fault.
 *
 * <p>Proto3 cannot tell an empty string from an absent one: an empty string is absent (as
 * {@code pfs_group}'s "empty: no PFS" says), and an enum left UNSPECIFIED takes the REST API's
 * default, as an omitted field does there. The control plane has no field for the gateway's own IKE
 * identity: the gateway identifies itself by its first public address, which its certificate
 * ({@code local_certificate}, when it has one) names.
 */
public final class SnapshotTranslator {
    private static final Pattern TUNNEL_FIELD = Pattern.compile("^tunnels\\[(\\d+)]");

    /** A snapshot as tenant-model's configuration, and what tenant-model's rules say about it. */
    public record Translation(GatewayConfiguration configuration, List<Violation> violations) {}

    private SnapshotTranslator() {}

    public static Translation read(GatewaySnapshot s) {
        GatewayConfiguration config = new GatewayConfiguration(
                new LocalGateway(new GatewaySpec(text(s.getGatewayName()), Map.of(), s.getLocalAddressesList(),
                        s.hasDefence() ? defence(s.getDefence()) : null), null,
                        s.hasLocalCertificate() ? new GatewayCertificate(text(s.getLocalCertificate().getCertificateChainPem()),
                                text(s.getLocalCertificate().getPrivateKeyPem())) : null),
                s.getPeersList().stream().map(SnapshotTranslator::peer).toList(),
                s.getPoliciesList().stream().map(SnapshotTranslator::policy).toList(),
                s.getTunnelsList().stream().map(SnapshotTranslator::tunnel).toList()).withDefaults();
        List<Violation> violations = new ArrayList<>(config.validate(new EndpointAddressRules(s.getAllowLinkLocalEndpoints())));
        violations.addAll(remoteAccessViolations(remoteAccessEndpoints(s), config));
        return new Translation(config, violations);
    }

    /** The snapshot's remote-access endpoints as tenant-model's, defaults filled in (validated by {@link #read}). */
    public static List<RemoteAccessEndpointSpec> remoteAccessEndpoints(GatewaySnapshot s) {
        return s.getRemoteAccessEndpointsList().stream().map(e -> RemoteAccessEndpointSpec.ofGateway(text(e.getName()),
                text(e.getCryptoPolicy()), e.getAddressPoolsList(), e.getDnsServersList(), e.getAllowedNetworksList(),
                e.getRadiusServersList().stream().map(r -> new RadiusServerSpec(text(r.getAddress()), r.getPort() == 0 ? null : r.getPort(),
                        text(r.getSecret()))).toList(), e.getEapOnly()).withDefaults()).toList();
    }

    /** Each endpoint's own rules and those tying it to the configuration, as a standalone file's; names unique among endpoints. */
    private static List<Violation> remoteAccessViolations(List<RemoteAccessEndpointSpec> endpoints, GatewayConfiguration config) {
        List<Violation> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < endpoints.size(); i++) {
            RemoteAccessEndpointSpec e = endpoints.get(i);
            String at = "remoteAccessEndpoints[" + i + "].";
            e.validate().forEach(v -> out.add(new Violation(at + v.field(), v.detail())));
            e.violationsIn(config).forEach(v -> out.add(new Violation(at + v.field(), v.detail())));
            if (e.name() != null && !names.add(e.name())) out.add(new Violation(at + "name", "'" + e.name() + "' appears twice"));
        }
        return out;
    }

    /** Every field of a present message is set (see agent.proto); uint32 beyond int's range becomes negative, which validation refuses. */
    private static GatewayDefence defence(net.vpnaas.model.agent.v1.GatewayDefence d) {
        return new GatewayDefence(d.getCookieThreshold(), d.getPuzzleThreshold(), d.getHalfOpenLimit(), d.getPerAddressLimit(),
                d.getPerPrefixLimit(), d.getMaxPuzzleDifficulty(), d.getAuthFailureLimit());
    }

    static GatewayConfiguration translate(GatewaySnapshot s) throws SnapshotRejected {
        Translation t = read(s);
        if (!t.violations().isEmpty()) {
            throw new SnapshotRejected(t.violations().stream().map(v -> v.field() + ": " + v.detail()).collect(Collectors.joining("; ")),
                    tunnelAtFault(s, t.violations().getFirst()));
        }
        return t.configuration();
    }

    /** The name of the tunnel the violation is in, or empty when it is about another part. */
    private static String tunnelAtFault(GatewaySnapshot s, Violation v) {
        Matcher m = TUNNEL_FIELD.matcher(v.field());
        return m.find() ? s.getTunnels(Integer.parseInt(m.group(1))).getName() : "";
    }

    private static PeerSpec peer(Peer p) {
        PeerAuth auth = switch (p.getAuthenticationCase()) {
            case PSK -> new PeerAuth.Psk(text(p.getPsk()));
            case NULL_AUTH -> new PeerAuth.Null(text(p.getNullAuth().getGatewayPsk()));
            case CERTIFICATE -> new PeerAuth.Certificate(text(p.getCertificate().getTrustedCaBundlePem()),
                    text(p.getCertificate().getExpectedIdentity()));
            case PASSWORD -> new PeerAuth.Password(text(p.getPassword()));
            case AUTHENTICATION_NOT_SET -> null;
        };
        return new PeerSpec(text(p.getName()), Map.of(), text(p.getAddress()), text(p.getIkeIdentity()), auth,
                p.getPpksList().stream().map(k -> new PeerPpk(text(k.getId()), text(k.getSecret()))).toList(), p.getPpkRequired(),
                p.hasQkd() ? new PeerQkd(text(p.getQkd().getSaeId()), text(p.getQkd().getFallback())) : null);
    }

    private static CryptoPolicySpec policy(CryptoPolicy p) {
        String dpdAction = switch (p.getDpdAction()) {
            case DPD_ACTION_CLEAR -> "clear";
            case DPD_ACTION_HOLD -> "hold";
            case DPD_ACTION_RESTART -> "restart";
            case DPD_ACTION_UNSPECIFIED -> null;
            case UNRECOGNIZED -> "DpdAction " + p.getDpdActionValue();
        };
        String startAction = switch (p.getStartAction()) {
            case START_ACTION_INITIATE -> "initiate";
            case START_ACTION_RESPOND -> "respond";
            case START_ACTION_UNSPECIFIED -> null;
            case UNRECOGNIZED -> "StartAction " + p.getStartActionValue();
        };
        String encapsulation = switch (p.getEncapsulation()) {
            case ENCAPSULATION_AUTO -> "auto";
            case ENCAPSULATION_FORCE_UDP -> "force_udp";
            case ENCAPSULATION_UNSPECIFIED -> null;
            case UNRECOGNIZED -> "Encapsulation " + p.getEncapsulationValue();
        };
        String transport = switch (p.getTransport()) {
            case IKE_TRANSPORT_UDP -> "udp";
            case IKE_TRANSPORT_TCP -> "tcp";
            case IKE_TRANSPORT_UDP_WITH_TCP_FALLBACK -> "udp-with-tcp-fallback";
            case IKE_TRANSPORT_UNSPECIFIED -> null;
            case UNRECOGNIZED -> "IkeTransport " + p.getTransportValue();
        };
        return new CryptoPolicySpec(text(p.getName()), Map.of(), p.getIkeProposalsList(), p.getEspProposalsList(),
                p.getIkeLifetimeSeconds(), p.getChildLifetimeSeconds(), p.getRekeyMarginSeconds(), p.getRekeyFuzzPercent(),
                new DpdSettings(p.getDpdIntervalSeconds(), p.getDpdTimeoutSeconds(), dpdAction), p.getReplayWindow(),
                p.getEsn(), text(p.getPfsGroup()), startAction, encapsulation,
                p.hasIkeRekeySeconds() ? p.getIkeRekeySeconds() : null, p.hasChildRekeySeconds() ? p.getChildRekeySeconds() : null,
                p.hasIkeFragmentSize() ? p.getIkeFragmentSize() : null,
                new RetransmitSettings(orDefault(p.getRetransmitTimeoutMillis()), orDefault(p.getRetransmitBackoffPercent()),
                        orDefault(p.getRetransmitTries())),
                p.hasNatKeepaliveSeconds() ? p.getNatKeepaliveSeconds() : null,
                transport, p.hasTcpPort() ? p.getTcpPort() : null);
    }

    /** For fields where 0 is never valid: 0 is "not set" (a control plane that does not know the field), the default. */
    private static Integer orDefault(int value) {
        return value == 0 ? null : value;
    }

    private static GatewayTunnel tunnel(Tunnel t) {
        return new GatewayTunnel(text(t.getName()), Map.of(), text(t.getPeerName()), text(t.getPolicyName()),
                t.getLocalTrafficSelectorsList(), t.getRemoteTrafficSelectorsList());
    }

    private static String text(String protoString) {
        return protoString.isEmpty() ? null : protoString;
    }
}
