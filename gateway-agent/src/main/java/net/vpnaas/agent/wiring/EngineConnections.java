package net.vpnaas.agent.wiring;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import net.vpnaas.agent.qkd.KmeClient;
import net.vpnaas.agent.qkd.KmeKeySource;
import net.vpnaas.agent.radius.RadiusClient;
import net.vpnaas.agent.radius.RadiusEapAuthenticator;
import net.vpnaas.agent.radius.RadiusServer;
import net.vpnaas.ike.auth.PemFiles;
import net.vpnaas.ike.auth.PemFormatException;
import net.vpnaas.ike.auth.RsaPadding;
import net.vpnaas.ike.auth.TrustedCas;
import net.vpnaas.ike.config.AdditionalKeyExchangeConfig;
import net.vpnaas.ike.config.AddressRangePool;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.config.EspProposalConfig;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.config.IkeTransportPolicy;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.config.NatTraversal;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.config.RemoteAccess;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.IntegrityAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.qkd.QkdKeySource;
import net.vpnaas.ike.sa.CipherChoice;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.RemoteAccessEndpointSpec;
import net.vpnaas.model.RetransmitSettings;
import net.vpnaas.model.crypto.AdditionalKeyExchange;
import net.vpnaas.model.crypto.PfsKeyExchanges;
import net.vpnaas.model.crypto.Proposal;
import net.vpnaas.model.gateway.GatewayCertificate;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.LocalGateway;
import net.vpnaas.model.gateway.ResolvedTunnel;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.net.IkeIdentity;
import net.vpnaas.model.net.Prefix;

/**
 * The one place where a gateway's configuration (tenant-model, validated, whichever encoding it
 * came in) becomes the IKE engine's {@link ConnectionConfig}s, from typed values: algorithms by
 * their IANA transform ids, identities by type, selectors as address ranges. It never looks up
 * DNS: a peer named by DNS is mapped with the address {@link PeerAddresses} found for it in the
 * background. What validation cannot know is refused here with a message naming the tunnel: PEM
 * the engine cannot read, a peer's address of a family the gateway has no address of.
 */
public final class EngineConnections {

    public static final int IKE_PORT = 500;
    /** A RADIUS request waits 1 s, then 2 s, then 4 s for an answer before the next server is asked (7 s of a client's IKE retransmissions). */
    private static final Duration RADIUS_FIRST_TIMEOUT = Duration.ofSeconds(1);
    private static final int RADIUS_SENDS = 3;
    /** A remote-access connection's remote identity: not checked (every client names its own, EAP authenticates the user). */
    private static final Identity ANY_CLIENT = new Identity(Identity.ID_FQDN, "any-remote-access-client".getBytes(StandardCharsets.US_ASCII));
    public static final int NATT_PORT = 4500;

    /** One tunnel as the engine sees it. */
    public record EngineTunnel(ResolvedTunnel tunnel, ConnectionConfig connection) {}

    /** Something the configuration asks for that this agent cannot do. */
    public static final class UnsupportedException extends Exception {
        public UnsupportedException(List<String> problems) {
            super(String.join("\n", problems));
        }
    }

    private EngineConnections() {}

    /** {@link #check(LocalGateway, ResolvedTunnel)} for every tunnel of {@code config}, naming each at fault. */
    public static void check(GatewayConfiguration config) throws UnsupportedException {
        List<String> problems = new ArrayList<>();
        for (ResolvedTunnel t : config.resolvedTunnels()) {
            try {
                check(config.gateway(), t);
            } catch (UnsupportedException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new UnsupportedException(problems);
    }

    /**
     * Everything the engine would refuse in a tunnel, without a DNS lookup: the whole mapping for a
     * peer at an IP address; for a peer named by DNS its credentials (its address's family is known
     * once the name resolves).
     */
    public static void check(LocalGateway gateway, ResolvedTunnel t) throws UnsupportedException {
        Optional<InetAddress> literal = t.peer().ipAddress();
        if (literal.isPresent()) {
            of(gateway, t, literal.get());
        } else {
            authentication(gateway, t);
        }
    }

    /** One tunnel of {@code gateway} as an engine connection to its peer at {@code peer}. */
    public static EngineTunnel of(LocalGateway gateway, ResolvedTunnel t, InetAddress peer) throws UnsupportedException {
        Authentication auth = authentication(gateway, t);
        CryptoPolicySpec p = t.cryptoPolicy();
        InetAddress local = localAddressFor(gateway, peer)
                .orElseThrow(() -> unsupported(t, "the gateway has no " + (peer.getAddress().length == 4 ? "IPv4" : "IPv6")
                        + " address to reach peer " + t.peer().address() + " at " + peer.getHostAddress()));
        return new EngineTunnel(t, new ConnectionConfig(t.name(),
                new InetSocketAddress(local, IKE_PORT), new InetSocketAddress(peer, IKE_PORT),
                identity(gateway.identity()), identity(IkeIdentity.parse(t.peer().ikeIdentity())), auth,
                p.parsedIkeProposals().stream().map(e -> qkdFallback(ike(e), t.peer())).toList(),
                p.parsedEspProposals().stream().map(e -> qkdFallback(esp(e, p), t.peer())).toList(),
                selectors(t.localTrafficSelectors()), selectors(t.remoteTrafficSelectors()),
                lifetimes(p), deadPeerDetection(p.dpd()), retransmitPolicy(p.retransmit()),
                new NatTraversal(p.forcesUdpEncapsulation(), Duration.ofSeconds(p.natKeepaliveSeconds()), transport(p)),
                p.ikeFragmentSize(), ppk(t.peer())));
    }

    /**
     * A remote-access endpoint as an engine connection: it answers EAP clients from any address (the
     * gateway's first IPv4 address, else its first), passes EAP to the endpoint's RADIUS servers, and
     * assigns virtual IPs from its pools; the clients' Child SAs reach its allowed networks. The
     * gateway's certificate, when it has one, authenticates it to clients that do not use EAP-only.
     */
    public static ConnectionConfig remoteAccess(LocalGateway gateway, RemoteAccessEndpointSpec e, CryptoPolicySpec p)
            throws UnsupportedException {
        Optional<Authentication.Certificates> certificate;
        try {
            if (gateway.ownCertificate().isEmpty()) {
                certificate = Optional.empty();
            } else {
                var chain = PemFiles.certificates(gateway.ownCertificate().get().certificatePem());
                // Trust anchors verify a peer's certificate; EAP clients send none, so our own chain stands there, unused.
                certificate = Optional.of(new Authentication.Certificates(PemFiles.privateKey(gateway.ownCertificate().get().privateKeyPem()),
                        chain, TrustedCas.of(chain), RsaPadding.PSS));
            }
        } catch (PemFormatException ex) {
            throw new UnsupportedException(List.of("remote-access endpoint " + e.name() + ": " + ex.getMessage()));
        }
        List<RadiusServer> servers = e.radiusServers().stream().map(r -> new RadiusServer(
                new InetSocketAddress(AddressRange.parseAddress(r.address()), r.port()), r.secret().getBytes(StandardCharsets.UTF_8))).toList();
        RadiusEapAuthenticator backend = new RadiusEapAuthenticator(new RadiusClient(servers, RADIUS_FIRST_TIMEOUT, RADIUS_SENDS),
                gateway.name());
        List<Prefix> pools = e.addressPools().stream().map(Prefix::parse).toList();
        AddressRangePool pool = new AddressRangePool(hosts(pools, true), hosts(pools, false));
        RemoteAccess assignments = new RemoteAccess(pool, e.dnsServers().stream().map(AddressRange::parseAddress).toList());
        InetAddress local = gateway.addresses().stream().filter(a -> a.getAddress().length == 4).findFirst()
                .orElse(gateway.addresses().getFirst());
        InetAddress any = local.getAddress().length == 4 ? InetAddress.ofLiteral("0.0.0.0") : InetAddress.ofLiteral("::");
        return new ConnectionConfig(e.name(), new InetSocketAddress(local, IKE_PORT), new InetSocketAddress(any, 0),
                identity(gateway.identity()), ANY_CLIENT, new Authentication.Eap(certificate, backend, e.eapOnly()),
                p.parsedIkeProposals().stream().map(EngineConnections::ike).toList(),
                p.parsedEspProposals().stream().map(x -> esp(x, p)).toList(),
                selectors(e.allowedNetworks().stream().map(AddressRange::parse).toList()),
                selectors(e.addressPools().stream().map(AddressRange::parse).toList()), lifetimes(p), deadPeerDetection(p.dpd()),
                retransmitPolicy(p.retransmit()),
                new NatTraversal(p.forcesUdpEncapsulation(), Duration.ofSeconds(p.natKeepaliveSeconds()), transport(p)),
                p.ikeFragmentSize(), PostQuantumPreSharedKeys.NONE, QkdKeySource.NONE, assignments);
    }

    /**
     * The addresses of the pool of one family a client may get: without the prefix's first address (an
     * IPv4 network address, the IPv6 subnet-router anycast address) and an IPv4 prefix's broadcast
     * address, which clients refuse as their own.
     */
    private static Optional<AddressRangePool.Range> hosts(List<Prefix> pools, boolean ipv4) {
        return pools.stream().filter(p -> p.isIpv4() == ipv4).findFirst().map(p -> {
            AddressRange r = p.range();
            AddressRange usable = new AddressRange(r.bits(), r.first().add(BigInteger.ONE), ipv4 ? r.last().subtract(BigInteger.ONE) : r.last());
            return new AddressRangePool.Range(usable.firstAddress(), usable.lastAddress());
        });
    }

    /**
     * {@code mapped} with its QKD keys from this gateway's KME ({@code kme}, null when the agent has
     * none), for the peer's SAE; a tunnel whose policy takes QKD keys cannot run without a KME.
     */
    public static EngineTunnel withQkd(EngineTunnel mapped, KmeClient kme, int keyBits) throws UnsupportedException {
        ResolvedTunnel t = mapped.tunnel();
        if (t.peer().qkd() == null) return mapped;
        if (kme == null) {
            if (!t.cryptoPolicy().usesQkd()) return mapped;
            throw unsupported(t, "its policy takes QKD keys but this agent has no KME configured (qkd)");
        }
        return new EngineTunnel(t, mapped.connection().withQkd(new KmeKeySource(kme, t.name(), t.peer().qkd().saeId(), keyBits)));
    }

    /** The gateway's first address of the peer's family: the one IKE and ESP leave from. */
    static Optional<InetAddress> localAddressFor(LocalGateway gateway, InetAddress peer) {
        return gateway.addresses().stream().filter(a -> a.getAddress().length == peer.getAddress().length).findFirst();
    }

    private static UnsupportedException unsupported(ResolvedTunnel t, String problem) {
        return new UnsupportedException(List.of("tunnel " + t.name() + ": " + problem));
    }

    /**
     * The policy states lifetimes (the hard limits, which the engine gets as they are) and per SA a
     * margin (its explicit rekey time's distance to the lifetime, or rekeyMarginSeconds) fuzzed by up
     * to rekeyFuzzPercent of itself; the engine rekeys at a base time minus a random share (up to
     * {@code jitter}) of that base. Base: lifetime minus margin, which is the explicit rekey time
     * where one is given.
     */
    static Lifetimes lifetimes(CryptoPolicySpec p) {
        return new Lifetimes(rekeyAt(p.ikeLifetimeSeconds(), p.ikeRekeyMarginSeconds()), Duration.ofSeconds(p.ikeLifetimeSeconds()),
                rekeyAt(p.childLifetimeSeconds(), p.childRekeyMarginSeconds()), Duration.ofSeconds(p.childLifetimeSeconds()),
                jitter(p));
    }

    private static Duration rekeyAt(int lifetimeSeconds, int marginSeconds) {
        return Duration.ofSeconds(lifetimeSeconds - marginSeconds);
    }

    /**
     * The engine's jitter is one share of each base for both SAs: the smaller of the two SAs' fuzz
     * shares, so neither rekeys earlier than its margin plus fuzz allows.
     */
    private static double jitter(CryptoPolicySpec p) {
        return Math.min(fuzzShare(p.ikeLifetimeSeconds(), p.ikeRekeyMarginSeconds(), p.rekeyFuzzPercent()),
                fuzzShare(p.childLifetimeSeconds(), p.childRekeyMarginSeconds(), p.rekeyFuzzPercent()));
    }

    private static double fuzzShare(int lifetimeSeconds, int marginSeconds, int fuzzPercent) {
        return marginSeconds * fuzzPercent / 100.0 / (lifetimeSeconds - marginSeconds);
    }

    /** Interval 0 sends no probes; the timeout and action still apply to a peer that stops answering our requests. */
    static DeadPeerDetection deadPeerDetection(DpdSettings dpd) {
        DeadPeerDetection.Action action = switch (dpd.action()) {
            case "clear" -> DeadPeerDetection.Action.CLEAR;
            case "hold" -> DeadPeerDetection.Action.HOLD;
            case "restart" -> DeadPeerDetection.Action.RESTART;
            default -> throw new IllegalStateException("DPD action " + dpd.action() + " passed validation");
        };
        return new DeadPeerDetection(Duration.ofSeconds(dpd.intervalSeconds()), Duration.ofSeconds(dpd.timeoutSeconds()), action);
    }

    static RetransmitPolicy retransmitPolicy(RetransmitSettings r) {
        return new RetransmitPolicy(Duration.ofMillis(r.timeoutMillis()), r.backoffPercent() / 100.0, r.tries());
    }

    /**
     * PSK: its UTF-8 bytes, as the REST API stores it. Certificates: the gateway's key and chain, the
     * peer's CA bundle as trust anchors, RSA-PSS when the key is RSA; validation made sure the gateway
     * has them and that the peer's expected certificate identity is the identity it sends.
     */
    /** The peer's PPKs (RFC 8784), their ids and secrets as UTF-8 octets, as strongSwan takes them from swanctl.conf. */
    static PostQuantumPreSharedKeys ppk(PeerSpec peer) {
        if (peer.ppks() == null || peer.ppks().isEmpty()) return PostQuantumPreSharedKeys.NONE;
        return new PostQuantumPreSharedKeys(peer.ppks().stream()
                .map(k -> PostQuantumPreSharedKeys.Key.of(k.id(), k.secret().getBytes(StandardCharsets.UTF_8))).toList(),
                Boolean.TRUE.equals(peer.ppkRequired()));
    }

    private static Authentication authentication(LocalGateway gateway, ResolvedTunnel t) throws UnsupportedException {
        try {
            return switch (t.peer().auth()) {
                case PeerAuth.Psk(String psk) -> new Authentication.Psk(psk.getBytes(StandardCharsets.UTF_8));
                // The peer authenticates with the NULL method; we with the gateway PSK it checks, or NULL too.
                case PeerAuth.Null(String gatewayPsk) -> new Authentication.Null(
                        Optional.ofNullable(gatewayPsk).map(k -> new Authentication.Psk(k.getBytes(StandardCharsets.UTF_8))), Optional.empty());
                // Proved with PACE (RFC 6631); the engine refuses a policy without ECP groups for IKE.
                case PeerAuth.Password(String password) -> new Authentication.Password(password.getBytes(StandardCharsets.UTF_8));
                case PeerAuth.Certificate(String caBundlePem, String expectedIdentity) -> {
                    GatewayCertificate own = gateway.ownCertificate().orElseThrow(); // validated: a certificate peer needs one
                    yield new Authentication.Certificates(PemFiles.privateKey(own.privateKeyPem()),
                            PemFiles.certificates(own.certificatePem()), TrustedCas.fromPem(caBundlePem), RsaPadding.PSS);
                }
            };
        } catch (PemFormatException e) {
            throw unsupported(t, e.getMessage());
        }
    }

    static Identity identity(IkeIdentity id) {
        net.vpnaas.ike.auth.IkeIdentity wire = switch (id.type()) {
            case IPV4_ADDR, IPV6_ADDR -> net.vpnaas.ike.auth.IkeIdentity.ipAddress(id.address());
            case FQDN -> net.vpnaas.ike.auth.IkeIdentity.fqdn(id.value());
            case RFC822_ADDR -> net.vpnaas.ike.auth.IkeIdentity.rfc822(id.value());
            case DER_ASN1_DN -> net.vpnaas.ike.auth.IkeIdentity.distinguishedName(id.distinguishedName());
        };
        return new Identity(wire.type().code(), wire.data());
    }

    static IkeProposalConfig ike(Proposal p) {
        return new IkeProposalConfig(ciphers(p), integrities(p),
                p.prfs().stream().map(f -> engine(f.ianaId(), PrfAlgorithm::byId, "PRF")).toList(),
                p.keyExchanges().stream().map(k -> keyExchange(k.ianaId())).toList(), additional(p.additionalKeyExchanges()));
    }

    /**
     * A peer whose QKD falls back to ML-KEM-768 gets it as the alternative right after QKD in every key
     * exchange that has QKD: the initiator offers both while its KME has keys (and the responder, which
     * prefers its own order, takes QKD), and only ML-KEM-768 once the KME has none (the engine leaves QKD
     * out); a responder accepts either. With {@code fail}, QKD stays alone and a dry KME refuses the tunnel.
     */
    static IkeProposalConfig qkdFallback(IkeProposalConfig c, PeerSpec peer) {
        if (!fallsBackToMlKem(peer)) return c;
        return new IkeProposalConfig(c.ciphers(), c.integrity(), c.prfs(), c.groups(), withFallback(c.additional()));
    }

    static EspProposalConfig qkdFallback(EspProposalConfig c, PeerSpec peer) {
        if (!fallsBackToMlKem(peer)) return c;
        return new EspProposalConfig(c.ciphers(), c.integrity(), withFallbackMethods(c.pfsGroups()), c.esn(), withFallback(c.additional()));
    }

    private static boolean fallsBackToMlKem(PeerSpec peer) {
        return peer.qkd() != null && peer.qkd().fallsBackToMlKem();
    }

    private static List<AdditionalKeyExchangeConfig> withFallback(List<AdditionalKeyExchangeConfig> additional) {
        return additional.stream().map(a -> new AdditionalKeyExchangeConfig(a.number(), withFallbackMethods(a.methods()), a.optional()))
                .toList();
    }

    private static List<KeyExchangeMethod> withFallbackMethods(List<KeyExchangeMethod> methods) {
        int qkd = methods.indexOf(KeyExchangeMethod.QKD);
        if (qkd < 0 || methods.contains(KeyExchangeMethod.ML_KEM_768)) return methods;
        List<KeyExchangeMethod> out = new ArrayList<>(methods);
        out.add(qkd + 1, KeyExchangeMethod.ML_KEM_768);
        return out;
    }

    /**
     * The policy keeps PFS (its key exchange and any additional ones) and ESN apart from the ESP proposals;
     * the engine wants them inside.
     */
    static EspProposalConfig esp(Proposal p, CryptoPolicySpec policy) {
        Optional<PfsKeyExchanges> pfs = policy.pfs();
        return new EspProposalConfig(ciphers(p), integrities(p),
                pfs.map(k -> keyExchange(k.method().ianaId())).stream().toList(), policy.esn(),
                pfs.map(k -> additional(k.additional())).orElse(List.of()));
    }

    private static List<AdditionalKeyExchangeConfig> additional(List<AdditionalKeyExchange> additional) {
        return additional.stream().map(a -> new AdditionalKeyExchangeConfig(a.number(),
                a.methods().stream().map(k -> keyExchange(k.ianaId())).toList(), a.optional())).toList();
    }

    private static List<CipherChoice> ciphers(Proposal p) {
        return p.encryptions().stream()
                .map(e -> new CipherChoice(engine(e.ianaId(), EncryptionAlgorithm::byId, "encryption algorithm"), e.keyBits()))
                .toList();
    }

    private static List<IntegrityAlgorithm> integrities(Proposal p) {
        return p.integrities().stream().map(i -> engine(i.ianaId(), IntegrityAlgorithm::byId, "integrity algorithm")).toList();
    }

    private static KeyExchangeMethod keyExchange(int ianaId) {
        return engine(ianaId, KeyExchangeMethod::byId, "key exchange method");
    }

    /** tenant-model offers only transforms the engine implements (EngineConnectionsTest maps every one). */
    private static <T> T engine(int ianaId, IntFunction<Optional<T>> byId, String what) {
        return byId.apply(ianaId).orElseThrow(() -> new IllegalStateException("the IKE engine has no " + what + " " + ianaId));
    }

    /** TS payloads carry address ranges (RFC 7296 3.13.1): a CIDR prefix is one too. */
    static List<TrafficSelector> selectors(List<AddressRange> ranges) {
        return ranges.stream().map(r -> new TrafficSelector(r.firstAddress(), r.lastAddress(), 0, 0, 65535)).toList();
    }

    /** The policy's transport ("udp", "tcp", "udp-with-tcp-fallback") and TCP port, as the engine's. */
    static IkeTransportPolicy transport(CryptoPolicySpec p) {
        IkeTransportPolicy.Mode mode = p.forcesTcp() ? IkeTransportPolicy.Mode.TCP
                : p.fallsBackToTcp() ? IkeTransportPolicy.Mode.UDP_WITH_TCP_FALLBACK : IkeTransportPolicy.Mode.UDP;
        return new IkeTransportPolicy(mode, p.tcpPort());
    }
}
