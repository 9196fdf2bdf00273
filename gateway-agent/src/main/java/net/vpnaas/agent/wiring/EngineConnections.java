package net.vpnaas.agent.wiring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.vpnaas.agent.config.CryptoPolicyConfig;
import net.vpnaas.agent.config.Encapsulation;
import net.vpnaas.agent.config.GatewayConfig;
import net.vpnaas.agent.config.IpPrefix;
import net.vpnaas.agent.config.PeerAuthentication;
import net.vpnaas.agent.config.Proposal;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.TunnelConfig;
import net.vpnaas.ike.auth.PemFiles;
import net.vpnaas.ike.auth.PemFormatException;
import net.vpnaas.ike.auth.RsaPadding;
import net.vpnaas.ike.auth.TrustedCas;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.EspProposalConfig;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * Turns configured tunnels into the IKE engine's {@link ConnectionConfig}s. Settings the engine
 * cannot honour yet are refused with a message naming the tunnel, instead of being silently dropped.
 */
public final class EngineConnections {

    public static final int IKE_PORT = 500;
    public static final int NATT_PORT = 4500;

    /** One tunnel as the engine sees it. */
    public record EngineTunnel(TunnelConfig tunnel, ConnectionConfig connection) {}

    /** Something the configuration asks for that this agent cannot do yet. */
    public static final class UnsupportedException extends Exception {
        public UnsupportedException(List<String> problems) {
            super(String.join("\n", problems));
        }
    }

    private EngineConnections() {}

    /** Every tunnel of {@code config}, in file order. */
    public static List<EngineTunnel> from(StandaloneConfig config) throws UnsupportedException {
        List<EngineTunnel> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TunnelConfig t : config.tunnels()) {
            try {
                out.add(of(config.gateway(), t));
            } catch (UnsupportedException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new UnsupportedException(problems);
        return out;
    }

    /** One tunnel of {@code gateway} as an engine connection. */
    public static EngineTunnel of(GatewayConfig gateway, TunnelConfig t) throws UnsupportedException {
        if (t.cryptoPolicy().encapsulation() == Encapsulation.FORCE_UDP) {
            throw new UnsupportedException(List.of("tunnel " + t.name() + ": encapsulation \"force_udp\" is not supported by the IKE engine yet"));
        }
        Authentication auth;
        try {
            auth = authentication(gateway, t);
        } catch (IllegalArgumentException | PemFormatException | IOException e) {
            throw new UnsupportedException(List.of("tunnel " + t.name() + ": " + e.getMessage()));
        }
        CryptoPolicyConfig p = t.cryptoPolicy();
        InetAddress peer = t.peer().address();
        InetAddress local = gateway.publicAddresses().stream()
                .filter(a -> a.getAddress().length == peer.getAddress().length).findFirst()
                .orElseThrow(() -> new UnsupportedException(List.of("tunnel " + t.name() + ": the gateway has no "
                        + (peer.getAddress().length == 4 ? "IPv4" : "IPv6") + " address to reach peer " + peer.getHostAddress())));
        return new EngineTunnel(t, new ConnectionConfig(t.name(),
                new InetSocketAddress(local, IKE_PORT), new InetSocketAddress(peer, IKE_PORT),
                Identity.parse(gateway.ikeIdentity()), Identity.parse(t.peer().ikeIdentity()), auth,
                p.ikeProposals().stream().map(EngineConnections::ike).toList(),
                p.espProposals().stream().map(e -> esp(e, p)).toList(),
                selectors(t.localTrafficSelectors()), selectors(t.remoteTrafficSelectors()),
                new Lifetimes(rekeyAt(p.ikeLifetime(), p), p.ikeLifetime(), rekeyAt(p.childLifetime(), p), p.childLifetime(), jitter(p)),
                p.dpd().interval(), RetransmitPolicy.DEFAULT));
    }

    /**
     * The config states lifetimes (the hard limits, which the engine gets as they are) and a margin
     * fuzzed by up to rekeyFuzzPercent of itself; the engine rekeys at a base time minus a random share
     * (up to {@code jitter}) of that base. Base: lifetime minus margin.
     */
    static Duration rekeyAt(Duration lifetime, CryptoPolicyConfig p) {
        return lifetime.minus(p.rekeyMargin());
    }

    /** One jitter for both SAs (the engine has one): the smaller of the two, so neither rekeys too early. */
    static double jitter(CryptoPolicyConfig p) {
        double fuzz = p.rekeyMargin().toMillis() * p.rekeyFuzzPercent() / 100.0;
        return Math.min(fuzz / rekeyAt(p.ikeLifetime(), p).toMillis(), fuzz / rekeyAt(p.childLifetime(), p).toMillis());
    }

    /**
     * PSK as configured; certificates: the gateway's key and chain, the peer's CA bundle as trust
     * anchors, RSA-PSS when the key is RSA. The engine checks the peer's certificate against the
     * identity the peer sends, so the policy's expectedIdentity must be that same ikeIdentity.
     */
    private static Authentication authentication(GatewayConfig gateway, TunnelConfig t)
            throws PemFormatException, IOException {
        return switch (t.peer().auth()) {
            case PeerAuthentication.PreSharedKey psk -> new Authentication.Psk(psk.key());
            case PeerAuthentication.Certificate cert -> {
                if (!cert.expectedIdentity().equals(t.peer().ikeIdentity())) {
                    throw new IllegalArgumentException("expectedIdentity '" + cert.expectedIdentity()
                            + "' differs from the peer's ikeIdentity '" + t.peer().ikeIdentity()
                            + "'; the IKE engine checks the certificate against the identity the peer sends");
                }
                GatewayConfig.Certificate own = gateway.certificate().orElseThrow(() -> new IllegalArgumentException(
                        "certificate authentication needs the gateway's own certificate and key, and it has none"));
                yield new Authentication.Certificates(
                        PemFiles.privateKey(Files.readString(own.privateKeyFile())),
                        PemFiles.certificates(Files.readString(own.certificateFile())),
                        TrustedCas.fromPem(cert.caBundlePem()), RsaPadding.PSS);
            }
        };
    }

    private static IkeProposalConfig ike(Proposal p) {
        return ProposalParser.ike(p.text());
    }

    /** The policy keeps PFS group and ESN apart from the ESP proposals; the engine wants them inside. */
    private static EspProposalConfig esp(Proposal p, CryptoPolicyConfig policy) {
        String text = p.text() + policy.pfsGroup().map(g -> "-" + g.keyword()).orElse("") + (policy.esn() ? "-esn" : "");
        return ProposalParser.esp(text);
    }

    static List<TrafficSelector> selectors(List<IpPrefix> prefixes) {
        return prefixes.stream().map(p -> new TrafficSelector(p.address(), p.lastAddress(), 0, 0, 65535)).toList();
    }
}
