package net.vpnaas.ike.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import net.vpnaas.ike.auth.PemFiles;
import net.vpnaas.ike.auth.PemFormatException;
import net.vpnaas.ike.auth.RsaPadding;
import net.vpnaas.ike.auth.TrustedCas;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.config.EspProposalConfig;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * A connection definition as a properties file, for {@link IkeMain}. Keys:
 * <pre>
 * name=net                      local=192.0.2.1        remote=192.0.2.2     (address or address:port, default 500)
 * local_id=@alice.example.org   remote_id=@bob.example.org                  (strongSwan identity syntax)
 * psk=a long random secret                   (or, for certificates and RFC 7427 signatures:)
 * cert=me.pem  key=me.key.pem  ca=ca.pem    (PEM: our certificate chain, our private key, trusted CAs)
 * rsa_padding=pss | pkcs1                   (RSA keys only; default pss)
 * ike=aes256gcm16-prfsha256-x25519   esp=aes256gcm16     (swanctl proposal syntax, several separated by commas)
 * local_ts=10.1.0.0/16          remote_ts=10.2.0.0/16    (CIDR, several separated by commas)
 * start=initiate | respond
 * rekey_ike=14400  rekey_child=3600  jitter=0.1  dpd=30  (seconds; 0 disables)
 * dpd_timeout=150                     (seconds after a DPD probe without answer until the peer is dead: cleared)
 * lifetime_ike  lifetime_child         (seconds, the hard limits; default 10 % more than the rekey time)
 * natt_port=4500  cookie_threshold=50  (engine options: our NAT-T port, half-open IKE SAs before COOKIEs)
 * ppk=ppk-a:0011..,ppk-b:2233..  ppk_required=yes | no   (RFC 8784 PPKs as id:hex secret, the first one offered; default no)
 * null_auth=both | local | peer      (RFC 7619 NULL authentication on both sides, only ours, or only the peer's; the other side by psk=)
 * </pre>
 */
public record ConnectionFile(ConnectionConfig connection, boolean initiate, EngineOptions options) {

    public static ConnectionFile read(Path path) throws IOException {
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return parse(p);
        }
    }

    static ConnectionFile parse(Properties p) {
        String name = get(p, "name", "net");
        InetSocketAddress local = address(require(p, "local"));
        InetSocketAddress remote = address(require(p, "remote"));
        List<IkeProposalConfig> ike = new ArrayList<>();
        for (String s : require(p, "ike").split(",")) ike.add(ProposalParser.ike(s));
        List<EspProposalConfig> esp = new ArrayList<>();
        for (String s : require(p, "esp").split(",")) esp.add(ProposalParser.esp(s));
        Duration rekeyIke = seconds(p, "rekey_ike", 14400);
        Duration rekeyChild = seconds(p, "rekey_child", 3600);
        Lifetimes lifetimes = new Lifetimes(rekeyIke, lifetime(p, "lifetime_ike", rekeyIke),
                rekeyChild, lifetime(p, "lifetime_child", rekeyChild), Double.parseDouble(get(p, "jitter", "0.1")));
        String start = get(p, "start", "respond");
        if (!start.equals("initiate") && !start.equals("respond")) throw new IllegalArgumentException("start must be initiate or respond");
        ConnectionConfig c = new ConnectionConfig(name, local, remote, IdentityText.parse(require(p, "local_id")),
                IdentityText.parse(require(p, "remote_id")), authentication(p), ike, esp,
                selectors(require(p, "local_ts")), selectors(require(p, "remote_ts")), lifetimes, dpd(p),
                RetransmitPolicy.DEFAULT).withPpk(ppk(p));
        EngineOptions options = EngineOptions.DEFAULT.withNattPort(Integer.parseInt(get(p, "natt_port", "4500")))
                .withCookieThreshold(Integer.parseInt(get(p, "cookie_threshold", Integer.toString(EngineOptions.DEFAULT.cookieThreshold()))));
        return new ConnectionFile(c, start.equals("initiate"), options);
    }

    private static PostQuantumPreSharedKeys ppk(Properties p) {
        if (p.getProperty("ppk") == null) return PostQuantumPreSharedKeys.NONE;
        List<PostQuantumPreSharedKeys.Key> keys = new ArrayList<>();
        for (String entry : require(p, "ppk").split(",")) {
            String[] idAndSecret = entry.trim().split(":", 2);
            if (idAndSecret.length != 2) throw new IllegalArgumentException("ppk entries are id:hexsecret");
            keys.add(PostQuantumPreSharedKeys.Key.of(idAndSecret[0], HexFormat.of().parseHex(idAndSecret[1])));
        }
        return new PostQuantumPreSharedKeys(keys, get(p, "ppk_required", "no").equals("yes"));
    }

    private static DeadPeerDetection dpd(Properties p) {
        Duration delay = seconds(p, "dpd", 30);
        return delay.isZero() ? DeadPeerDetection.OFF
                : new DeadPeerDetection(delay, seconds(p, "dpd_timeout", 150), DeadPeerDetection.Action.CLEAR);
    }

    private static Authentication authentication(Properties p) {
        String nullAuth = p.getProperty("null_auth");
        if (nullAuth != null) {
            return switch (nullAuth) {
                case "both" -> Authentication.Null.bothSides();
                case "local" -> new Authentication.Null(Optional.empty(), Optional.of(psk(p)));
                case "peer" -> new Authentication.Null(Optional.of(psk(p)), Optional.empty());
                default -> throw new IllegalArgumentException("null_auth must be both, local or peer");
            };
        }
        if (p.getProperty("cert") == null) return new Authentication.Psk(require(p, "psk").getBytes(StandardCharsets.UTF_8));
        try {
            RsaPadding padding = switch (get(p, "rsa_padding", "pss")) {
                case "pss" -> RsaPadding.PSS;
                case "pkcs1" -> RsaPadding.PKCS1_V1_5;
                default -> throw new IllegalArgumentException("rsa_padding must be pss or pkcs1");
            };
            return new Authentication.Certificates(PemFiles.privateKey(file(require(p, "key"))),
                    PemFiles.certificates(file(require(p, "cert"))), TrustedCas.fromPem(file(require(p, "ca"))), padding);
        } catch (PemFormatException e) {
            throw new IllegalArgumentException("bad PEM: " + e.getMessage(), e);
        }
    }

    private static Authentication.Psk psk(Properties p) {
        return new Authentication.Psk(require(p, "psk").getBytes(StandardCharsets.UTF_8));
    }

    private static String file(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static String get(Properties p, String key, String dflt) {
        return p.getProperty(key, dflt).trim();
    }

    private static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("missing key '" + key + "'");
        return v.trim();
    }

    private static Duration seconds(Properties p, String key, long dflt) {
        return Duration.ofSeconds(Long.parseLong(get(p, key, Long.toString(dflt))));
    }

    /** The hard limit of an SA rekeyed at {@code rekey}: as given, or 10 % later than the rekey (strongSwan's default). */
    private static Duration lifetime(Properties p, String key, Duration rekey) {
        return p.getProperty(key) != null ? seconds(p, key, 0) : rekey.plus(rekey.dividedBy(10));
    }

    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        boolean hasPort = colon > 0 && (text.indexOf(':') == colon || text.startsWith("["));
        String host = hasPort ? text.substring(0, colon) : text;
        int port = hasPort ? Integer.parseInt(text.substring(colon + 1)) : 500;
        host = host.replace("[", "").replace("]", "");
        return new InetSocketAddress(InetAddress.ofLiteral(host), port);
    }

    /** CIDR prefixes as address ranges, any protocol and port. */
    static List<TrafficSelector> selectors(String text) {
        List<TrafficSelector> out = new ArrayList<>();
        for (String cidr : text.split(",")) {
            String[] parts = cidr.trim().split("/");
            byte[] start = InetAddress.ofLiteral(parts[0]).getAddress();
            int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : start.length * 8;
            if (bits < 0 || bits > start.length * 8) throw new IllegalArgumentException("bad prefix length in " + cidr);
            byte[] end = start.clone();
            for (int i = 0; i < start.length * 8; i++) {
                int bit = 7 - (i % 8);
                if (i >= bits) {
                    start[i / 8] &= (byte) ~(1 << bit);
                    end[i / 8] |= (byte) (1 << bit);
                }
            }
            try {
                out.add(new TrafficSelector(InetAddress.getByAddress(start), InetAddress.getByAddress(end), 0, 0, 65535));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }
}
