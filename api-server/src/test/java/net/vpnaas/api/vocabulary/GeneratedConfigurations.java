package net.vpnaas.api.vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerPpk;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.RetransmitSettings;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.GatewayTunnel;
import net.vpnaas.model.gateway.LocalGateway;

/**
 * Gateway configurations from a seeded random generator: a valid one (a gateway, one to three
 * peers, one or two crypto policies, one to three tunnels), then up to three mutations, each of
 * which makes one field invalid, or valid in a way that matters (an IPv6-only side, a certificate
 * peer, a DN identity). Names get the case's suffix, so every case's resources can live in one
 * tenant of the REST API.
 *
 * <p>Not generated, because the encodings differ there on purpose: a PSK left out (the REST API
 * generates one, a file or snapshot must carry it), labels (a snapshot has none), an empty string
 * for an optional field (proto3 cannot tell it from an absent one), duplicate names (the REST API
 * answers 409 once the rest is valid), DNS-named peers (the agent would resolve them), JSON type
 * errors (the REST API answers 400, the file reader names the field; a snapshot has types), 0 in a
 * retransmit field (a snapshot's 0 there means "not set": the default).
 */
final class GeneratedConfigurations {

    /** A configuration and the mutations that shaped it, for the failure message. */
    record Generated(GatewayConfiguration configuration, List<String> mutations) {}

    static final String PSK = "a pre-shared key long enough";
    static final String PPK = "a post-quantum preshared key of at least 32 bytes";

    private record Mutation(String name, BiConsumer<Draft, Random> apply) {}

    private static final List<Mutation> MUTATIONS = List.of(
            // the gateway
            new Mutation("gateway name with a slash", (d, r) -> d.gateway.name = "gw/" + d.suffix),
            new Mutation("gateway name missing", (d, r) -> d.gateway.name = null),
            new Mutation("gateway without addresses", (d, r) -> d.gateway.addresses = List.of()),
            new Mutation("gateway addresses missing", (d, r) -> d.gateway.addresses = null),
            new Mutation("gateway address loopback", (d, r) -> d.gateway.addresses = List.of("127.0.0.1", "2001:db8::10")),
            new Mutation("gateway address not an address", (d, r) -> d.gateway.addresses = List.of("192.0.2.300")),
            new Mutation("gateway address twice", (d, r) -> d.gateway.addresses = List.of("192.0.2.10", "192.0.2.10")),
            new Mutation("gateway address link-local", (d, r) -> d.gateway.addresses = List.of("169.254.1.1")),
            new Mutation("gateway address IPv4-mapped", (d, r) -> d.gateway.addresses = List.of("::ffff:192.0.2.10")),
            new Mutation("gateway with nine addresses", (d, r) -> d.gateway.addresses =
                    IntStream.rangeClosed(1, 9).mapToObj(i -> "192.0.2." + i).toList()),
            new Mutation("gateway IPv4 only", (d, r) -> d.gateway.addresses = List.of("192.0.2.10")),
            new Mutation("gateway IPv6 only", (d, r) -> d.gateway.addresses = List.of("2001:db8::10")),
            // a peer
            new Mutation("peer name too long", (d, r) -> d.peer(r).name = "p".repeat(60) + d.suffix),
            new Mutation("peer address IPv6", (d, r) -> d.peer(r).address = "2001:db8:7::" + (1 + r.nextInt(99))),
            new Mutation("peer address loopback", (d, r) -> d.peer(r).address = "::1"),
            new Mutation("peer address multicast", (d, r) -> d.peer(r).address = "224.0.0.5"),
            new Mutation("peer address neither address nor name", (d, r) -> d.peer(r).address = "branch_office"),
            new Mutation("peer address missing", (d, r) -> d.peer(r).address = null),
            new Mutation("peer identity not an identity", (d, r) -> d.peer(r).identity = "branch office"),
            new Mutation("peer identity a bad DN", (d, r) -> d.peer(r).identity = "C=DE, NOSUCH=x"),
            new Mutation("peer identity a DN", (d, r) -> d.peer(r).identity = "C=DE, O=Example, CN=branch"),
            new Mutation("peer identity e-mail", (d, r) -> d.peer(r).identity = "ops@branch.example.com"),
            new Mutation("peer identity missing", (d, r) -> d.peer(r).identity = null),
            new Mutation("PSK too short", (d, r) -> d.peer(r).auth = new PeerAuth.Psk("fifteen bytes!!")),
            new Mutation("PSK too long", (d, r) -> d.peer(r).auth = new PeerAuth.Psk("k".repeat(257))),
            new Mutation("auth missing", (d, r) -> d.peer(r).auth = null),
            new Mutation("two PPKs, required", (d, r) -> {
                Draft.Peer p = d.peer(r);
                p.ppks = List.of(new PeerPpk("ppk-2026", PPK), new PeerPpk("ppk-2027", PPK + "-next"));
                p.ppkRequired = true;
            }),
            new Mutation("an optional PPK", (d, r) -> d.peer(r).ppks = List.of(new PeerPpk("ppk+a/b=", PPK))),
            new Mutation("PPK required without PPKs", (d, r) -> d.peer(r).ppkRequired = true),
            new Mutation("PPK secret too short", (d, r) -> d.peer(r).ppks = List.of(new PeerPpk("ppk-a", "31 bytes are not 256 bits, no!!"))),
            new Mutation("PPK id with a space", (d, r) -> d.peer(r).ppks = List.of(new PeerPpk("ppk a", PPK))),
            new Mutation("PPK id twice", (d, r) -> d.peer(r).ppks = List.of(new PeerPpk("ppk-a", PPK), new PeerPpk("ppk-a", PPK + "!"))),
            new Mutation("certificate peer", (d, r) -> {
                Draft.Peer p = d.peer(r);
                p.auth = new PeerAuth.Certificate(d.caPem, p.identity);
            }),
            new Mutation("certificate peer expecting another identity", (d, r) ->
                    d.peer(r).auth = new PeerAuth.Certificate(d.caPem, "CN=someone-else")),
            new Mutation("certificate peer with a bad bundle", (d, r) ->
                    d.peer(r).auth = new PeerAuth.Certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "x.example")),
            // a password peer (PACE): its tunnels' policies must offer only ECP groups for IKE
            new Mutation("password peer", (d, r) -> d.peer(r).auth = new PeerAuth.Password("402915")),
            new Mutation("password peer, every policy on ECP groups", (d, r) -> {
                d.peer(r).auth = new PeerAuth.Password("402915");
                d.policies.forEach(c -> c.ike = List.of("aes256gcm16-prfsha384-ecp384", "aes128-sha256-ecp256-ke1_mlkem768"));
            }),
            new Mutation("password too short", (d, r) -> d.peer(r).auth = new PeerAuth.Password("40291")),
            // a crypto policy
            new Mutation("policy name missing", (d, r) -> d.policy(r).name = null),
            new Mutation("IKE proposals empty", (d, r) -> d.policy(r).ike = List.of()),
            new Mutation("IKE proposals missing", (d, r) -> d.policy(r).ike = null),
            new Mutation("weak IKE integrity", (d, r) -> d.policy(r).ike = List.of("aes256gcm16-prfsha384-x25519", "aes128-sha1-modp2048")),
            new Mutation("weak IKE group", (d, r) -> d.policy(r).ike = List.of("aes256-sha256-modp1024")),
            new Mutation("AEAD IKE without PRF", (d, r) -> d.policy(r).ike = List.of("aes256gcm16-x25519")),
            new Mutation("IKE without key exchange", (d, r) -> d.policy(r).ike = List.of("aes128-sha256")),
            new Mutation("unknown IKE transform", (d, r) -> d.policy(r).ike = List.of("aes256gcm16-prfsha384-curve9999")),
            new Mutation("seventeen IKE proposals", (d, r) -> d.policy(r).ike = IntStream.range(0, 17).mapToObj(i -> "aes256-sha256-ecp256").toList()),
            new Mutation("other valid IKE proposals", (d, r) -> d.policy(r).ike = List.of("chacha20poly1305-prfsha512-x448", "aes128-sha384-ecp384")),
            new Mutation("ML-KEM additional key exchanges", (d, r) -> d.policy(r).ike = List.of(
                    "aes256gcm16-prfsha384-x25519-ke1_mlkem768", "aes256gcm16-prfsha512-ecp384-ke1_mlkem1024-ke1_none-ke2_mlkem512")),
            new Mutation("ML-KEM alone", (d, r) -> d.policy(r).ike = List.of("aes256gcm16-prfsha384-mlkem1024")),
            new Mutation("an additional key exchange twice", (d, r) -> d.policy(r).ike = List.of("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_mlkem768")),
            new Mutation("ke1_none alone", (d, r) -> d.policy(r).ike = List.of("aes256gcm16-prfsha384-x25519-ke1_none")),
            new Mutation("ke8", (d, r) -> d.policy(r).ike = List.of("aes256gcm16-prfsha384-x25519-ke8_mlkem768")),
            new Mutation("weak additional key exchange", (d, r) -> d.policy(r).ike = List.of("aes256gcm16-prfsha384-x25519-ke1_modp1024")),
            new Mutation("additional key exchange in ESP", (d, r) -> d.policy(r).esp = List.of("aes256gcm16-ke1_mlkem768")),
            new Mutation("weak ESP cipher", (d, r) -> d.policy(r).esp = List.of("3des-sha256")),
            new Mutation("ESP with a key exchange", (d, r) -> d.policy(r).esp = List.of("aes256gcm16-x25519")),
            new Mutation("ESP with esn", (d, r) -> d.policy(r).esp = List.of("aes128-sha256-esn")),
            new Mutation("CBC without integrity", (d, r) -> d.policy(r).esp = List.of("aes256")),
            new Mutation("96-bit ICV", (d, r) -> d.policy(r).esp = List.of("aes128gcm12")),
            new Mutation("IKE lifetime too short", (d, r) -> d.policy(r).ikeLifetime = 100),
            new Mutation("child lifetime too long", (d, r) -> d.policy(r).childLifetime = 100_000),
            new Mutation("margin and fuzz beyond the lifetime", (d, r) -> {
                Draft.Policy c = d.policy(r);
                c.childLifetime = 600;
                c.margin = 400;
                c.fuzz = 100;
            }),
            new Mutation("fuzz negative", (d, r) -> d.policy(r).fuzz = -1),
            new Mutation("explicit rekey times", (d, r) -> {
                Draft.Policy c = d.policy(r);
                c.ikeRekey = 20_000;
                c.childRekey = 3_000;
            }),
            new Mutation("IKE rekey time too short", (d, r) -> d.policy(r).ikeRekey = 30),
            new Mutation("child rekey time at the lifetime", (d, r) -> d.policy(r).childRekey = 3_600),
            new Mutation("child rekey time leaving no room for the fuzz", (d, r) -> d.policy(r).childRekey = 1_000),
            new Mutation("IKE fragmentation off", (d, r) -> d.policy(r).fragmentSize = 0),
            new Mutation("IKE fragment size too small", (d, r) -> d.policy(r).fragmentSize = 300),
            new Mutation("quick retransmissions", (d, r) -> d.policy(r).retransmit = new RetransmitSettings(500, 150, 10)),
            new Mutation("retransmissions for hours", (d, r) -> d.policy(r).retransmit = new RetransmitSettings(60_000, 200, 7)),
            new Mutation("retransmit timeout too short", (d, r) -> d.policy(r).retransmit = new RetransmitSettings(50, null, null)),
            new Mutation("NAT keepalives off", (d, r) -> d.policy(r).natKeepalive = 0),
            new Mutation("NAT keepalives once an hour and more", (d, r) -> d.policy(r).natKeepalive = 3_601),
            new Mutation("IKE over TCP to port 443", (d, r) -> {
                d.policy(r).transport = "tcp";
                d.policy(r).tcpPort = 443;
            }),
            new Mutation("UDP with a fallback to TCP", (d, r) -> d.policy(r).transport = "udp-with-tcp-fallback"),
            new Mutation("transport unknown", (d, r) -> d.policy(r).transport = "quic"),
            new Mutation("TCP port 0", (d, r) -> d.policy(r).tcpPort = 0),
            new Mutation("DPD timeout below interval", (d, r) -> d.policy(r).dpd = new DpdSettings(60, 30, "clear")),
            new Mutation("DPD action unknown", (d, r) -> d.policy(r).dpd = new DpdSettings(30, 150, "explode")),
            new Mutation("DPD off", (d, r) -> d.policy(r).dpd = new DpdSettings(0, 5, "hold")),
            new Mutation("replay window too large", (d, r) -> d.policy(r).replayWindow = 5000),
            new Mutation("weak PFS group", (d, r) -> d.policy(r).pfsGroup = "modp1536"),
            new Mutation("unknown PFS group", (d, r) -> d.policy(r).pfsGroup = "x2559"),
            new Mutation("PFS with x25519 and ML-KEM-768 after it", (d, r) -> d.policy(r).pfsGroup = "x25519-ke1_mlkem768"),
            new Mutation("PFS with an optional ke1 alone", (d, r) -> d.policy(r).pfsGroup = "x25519-ke1_none"),
            new Mutation("PFS with two methods side by side", (d, r) -> d.policy(r).pfsGroup = "x25519-mlkem768"),
            new Mutation("PFS with ecp384 and ESN", (d, r) -> {
                Draft.Policy c = d.policy(r);
                c.pfsGroup = "ecp384";
                c.esn = true;
            }),
            new Mutation("start action unknown", (d, r) -> d.policy(r).startAction = "start"),
            new Mutation("start action initiate", (d, r) -> d.policy(r).startAction = "initiate"),
            new Mutation("forced UDP encapsulation", (d, r) -> d.policy(r).encapsulation = "force_udp"),
            new Mutation("encapsulation unknown", (d, r) -> d.policy(r).encapsulation = "udp"),
            // a tunnel
            new Mutation("tunnel name with a colon", (d, r) -> d.tunnel(r).name = "t:" + d.suffix),
            new Mutation("tunnel to an unknown peer", (d, r) -> d.tunnel(r).peer = "nobody-" + d.suffix),
            new Mutation("tunnel with an unknown policy", (d, r) -> d.tunnel(r).policy = "nothing-" + d.suffix),
            new Mutation("tunnel peer missing", (d, r) -> d.tunnel(r).peer = null),
            new Mutation("address range selector", (d, r) -> d.tunnel(r).remote = List.of("10.2.0.10-10.2.0.20")),
            new Mutation("inverted range selector", (d, r) -> d.tunnel(r).remote = List.of("10.2.0.20-10.2.0.10")),
            new Mutation("selector with host bits", (d, r) -> d.tunnel(r).local = List.of("10.1.0.1/24")),
            new Mutation("selector not an address", (d, r) -> d.tunnel(r).local = List.of("bogus/24")),
            new Mutation("IPv6 remote only", (d, r) -> d.tunnel(r).remote = List.of("2001:db8:2::/48")),
            new Mutation("dual stack on both sides", (d, r) -> {
                Draft.Tunnel t = d.tunnel(r);
                t.local = List.of("10.1.0.0/16", "2001:db8:1::/48");
                t.remote = List.of("10.2.0.0/16", "2001:db8:2::/48");
            }),
            new Mutation("remote overlaps local", (d, r) -> d.tunnel(r).remote = List.of("10.1.0.128/25")),
            new Mutation("local selectors overlap", (d, r) -> d.tunnel(r).local = List.of("10.1.0.0/16", "10.1.2.0/24")),
            new Mutation("no local selectors", (d, r) -> d.tunnel(r).local = List.of()),
            new Mutation("remote selectors missing", (d, r) -> d.tunnel(r).remote = null),
            new Mutation("seventeen selectors", (d, r) -> d.tunnel(r).remote =
                    IntStream.range(0, 17).mapToObj(i -> "10.3." + i + ".0/24").toList()));

    private GeneratedConfigurations() {}

    static List<String> mutationNames() {
        return MUTATIONS.stream().map(Mutation::name).toList();
    }

    /** Case {@code n}: a quarter stay valid, the others get one to three mutations. */
    static Generated generate(Random random, int n, String caPem) {
        Draft d = new Draft("c" + n, caPem, random);
        List<String> applied = new ArrayList<>();
        // The first cases start with each mutation in turn, so every one runs, whatever the random draws
        // (with about a hundred mutations, a few hundred cases of random draws alone left some out).
        boolean leading = n < MUTATIONS.size();
        int mutations = !leading && random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            Mutation m = leading && i == 0 ? MUTATIONS.get(n) : MUTATIONS.get(random.nextInt(MUTATIONS.size()));
            m.apply().accept(d, random);
            applied.add(m.name());
        }
        return new Generated(d.configuration(), applied);
    }

    /** A configuration being generated: plain fields a mutation sets, turned into tenant-model's records at the end. */
    private static final class Draft {
        final String suffix;
        final String caPem;
        final Gateway gateway = new Gateway();
        final List<Peer> peers = new ArrayList<>();
        final List<Policy> policies = new ArrayList<>();
        final List<Tunnel> tunnels = new ArrayList<>();

        static final class Gateway {
            String name;
            List<String> addresses = List.of("192.0.2.10", "2001:db8::10");
        }

        static final class Peer {
            String name;
            String address;
            String identity;
            PeerAuth auth = new PeerAuth.Psk(PSK);
            List<PeerPpk> ppks;
            Boolean ppkRequired;
        }

        static final class Policy {
            String name;
            List<String> ike = List.of("aes256gcm16-prfsha384-x25519", "aes256-sha256-ecp256");
            List<String> esp = List.of("aes256gcm16", "aes128-sha256");
            Integer ikeLifetime;
            Integer childLifetime;
            Integer margin;
            Integer fuzz;
            DpdSettings dpd;
            Integer replayWindow;
            Boolean esn;
            String pfsGroup;
            String startAction;
            String encapsulation;
            Integer ikeRekey;
            Integer childRekey;
            Integer fragmentSize;
            RetransmitSettings retransmit;
            Integer natKeepalive;
            String transport;
            Integer tcpPort;
        }

        static final class Tunnel {
            String name;
            String peer;
            String policy;
            List<String> local;
            List<String> remote;
        }

        Draft(String suffix, String caPem, Random random) {
            this.suffix = suffix;
            this.caPem = caPem;
            gateway.name = "gw-" + suffix;
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                Peer p = new Peer();
                p.name = "peer" + i + "-" + suffix;
                p.address = "198.51.100." + (10 + i);
                p.identity = "peer" + i + ".example.net";
                peers.add(p);
            }
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                Policy c = new Policy();
                c.name = "policy" + i + "-" + suffix;
                policies.add(c);
            }
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                Tunnel t = new Tunnel();
                t.name = "tunnel" + i + "-" + suffix;
                t.peer = peers.get(random.nextInt(peers.size())).name;
                t.policy = policies.get(random.nextInt(policies.size())).name;
                t.local = List.of("10.1." + i + ".0/24");
                t.remote = List.of("10.2." + i + ".0/24");
                tunnels.add(t);
            }
        }

        Peer peer(Random random) {
            return peers.get(random.nextInt(peers.size()));
        }

        Policy policy(Random random) {
            return policies.get(random.nextInt(policies.size()));
        }

        Tunnel tunnel(Random random) {
            return tunnels.get(random.nextInt(tunnels.size()));
        }

        GatewayConfiguration configuration() {
            return new GatewayConfiguration(
                    new LocalGateway(new GatewaySpec(gateway.name, Map.of(), gateway.addresses), null, null),
                    peers.stream().map(p -> new PeerSpec(p.name, Map.of(), p.address, p.identity, p.auth, p.ppks, p.ppkRequired)).toList(),
                    policies.stream().map(c -> new CryptoPolicySpec(c.name, Map.of(), c.ike, c.esp, c.ikeLifetime,
                            c.childLifetime, c.margin, c.fuzz, c.dpd, c.replayWindow, c.esn, c.pfsGroup, c.startAction,
                            c.encapsulation, c.ikeRekey, c.childRekey, c.fragmentSize, c.retransmit,
                            c.natKeepalive, c.transport, c.tcpPort)).toList(),
                    tunnels.stream().map(t -> new GatewayTunnel(t.name, Map.of(), t.peer, t.policy, t.local, t.remote)).toList());
        }
    }
}
