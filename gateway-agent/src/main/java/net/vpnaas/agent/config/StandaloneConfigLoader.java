package net.vpnaas.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads and validates a standalone config file (JSON). Every problem is collected with the path of
 * the field it concerns, and all are reported together in one {@link ConfigException}; a config
 * that loads is complete and consistent (references resolve, proposals parse, files exist).
 */
public final class StandaloneConfigLoader {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    static final int MIN_PSK_BYTES = 16;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a key given twice is a mistake, not "last wins"
            .build();

    private final Path baseDir;
    private final List<ConfigError> errors = new ArrayList<>();

    private StandaloneConfigLoader(Path baseDir) {
        this.baseDir = baseDir;
    }

    public static StandaloneConfig load(Path file) throws ConfigException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigError("(file)", "cannot read: " + e.getMessage())));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(json, dir, file.toString());
    }

    /** Parses JSON text; relative file names in it are resolved against {@code baseDir}. */
    public static StandaloneConfig parse(String json, Path baseDir, String source) throws ConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new ConfigException(source, List.of(new ConfigError("(json)", where + e.getOriginalMessage())));
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(source, List.of(new ConfigError("(json)", "file is empty")));
        }
        StandaloneConfigLoader loader = new StandaloneConfigLoader(baseDir);
        StandaloneConfig config = loader.read(root);
        if (!loader.errors.isEmpty()) throw new ConfigException(source, loader.errors);
        return config;
    }

    private StandaloneConfig read(JsonNode root) {
        FieldReader r = FieldReader.root(root, errors);
        GatewayConfig gateway = gateway(r.requiredObject("gateway"));
        Set<String> peerNames = new HashSet<>();
        Set<String> policyNames = new HashSet<>();
        Map<String, PeerConfig> peers = byName(r.objectList("peers"), "peers", peerNames, p -> peer(p, gateway));
        Map<String, CryptoPolicyConfig> policies =
                byName(r.objectList("cryptoPolicies"), "cryptoPolicies", policyNames, this::policy);
        Map<String, TunnelConfig> tunnels = byName(r.objectList("tunnels"), "tunnels", new HashSet<>(),
                t -> tunnel(t, peers, peerNames, policies, policyNames));
        DataPathConfig dataPath = r.has("dataPath") ? dataPath(r.requiredObject("dataPath")) : DataPathConfig.DEFAULT;
        r.rejectUnknown();
        if (!errors.isEmpty()) return null;
        return new StandaloneConfig(gateway, List.copyOf(peers.values()), List.copyOf(policies.values()),
                List.copyOf(tunnels.values()), dataPath);
    }

    private static DataPathConfig dataPath(FieldReader r) {
        DataPathConfig d = DataPathConfig.DEFAULT;
        String tun = r.optionalString("tunName");
        if (tun != null && !tun.matches("[A-Za-z0-9_.-]{1,15}")) {
            r.error("tunName", "must be 1-15 letters, digits, '_', '.' or '-' (a Linux interface name)");
        }
        int mtu = (int) r.optionalLong("tunMtu", d.tunMtu(), 576, 9000);
        int queues = (int) r.optionalLong("queues", d.queues(), 1, 64);
        r.rejectUnknown();
        return new DataPathConfig(tun != null ? tun : d.tunName(), mtu, queues);
    }

    /**
     * Reads each element, checks its name is unique, and keys the valid ones by name in file order.
     * {@code declared} receives every name, valid element or not, so a reference to an element that
     * has errors of its own is not reported a second time as "no such name".
     */
    private <T> Map<String, T> byName(List<FieldReader> elements, String list, Set<String> declared,
                                      Function<FieldReader, T> read) {
        Map<String, T> out = new LinkedHashMap<>();
        for (FieldReader e : elements) {
            String name = name(e);
            T value = read.apply(e);
            e.rejectUnknown();
            if (name == null) continue;
            if (!declared.add(name)) e.error("name", "duplicate name '" + name + "' in " + list);
            else if (value != null) out.put(name, value);
        }
        return out;
    }

    private String name(FieldReader r) {
        String name = r.requiredString("name");
        if (name != null && !NAME.matcher(name).matches()) {
            r.error("name", "must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
            return null;
        }
        return name;
    }

    private GatewayConfig gateway(FieldReader r) {
        String name = name(r);
        List<InetAddress> addresses = new ArrayList<>();
        List<String> raw = r.requiredStringList("localAddresses");
        for (int i = 0; i < raw.size(); i++) {
            try {
                addresses.add(IpPrefix.parseAddress(raw.get(i)));
            } catch (IllegalArgumentException e) {
                r.error("localAddresses[" + i + "]", e.getMessage());
            }
        }
        String identity = r.optionalString("ikeIdentity");
        String certFile = r.optionalString("certificateFile");
        String keyFile = r.optionalString("privateKeyFile");
        Optional<GatewayConfig.Certificate> cert = Optional.empty();
        if ((certFile == null) != (keyFile == null)) {
            r.error(certFile == null ? "certificateFile" : "privateKeyFile", "certificateFile and privateKeyFile go together");
        } else if (certFile != null) {
            Path c = certificateFile(r, "certificateFile", certFile);
            Path k = privateKeyFile(r, "privateKeyFile", keyFile);
            if (c != null && k != null) cert = Optional.of(new GatewayConfig.Certificate(c, k));
        }
        r.rejectUnknown();
        if (name == null || addresses.isEmpty()) return null;
        return new GatewayConfig(name, identity != null ? identity : addresses.getFirst().getHostAddress(), addresses, cert);
    }

    /** {@code gateway} is null when it was invalid; the checks against it are then skipped. */
    private PeerConfig peer(FieldReader r, GatewayConfig gateway) {
        String name = r.optionalString("name");
        String addressText = r.requiredString("address");
        InetAddress address = null;
        if (addressText != null) {
            try {
                address = IpPrefix.parseAddress(addressText);
            } catch (IllegalArgumentException e) {
                r.error("address", e.getMessage());
            }
        }
        String identity = r.optionalString("ikeIdentity");
        PeerAuthentication auth = authentication(r.requiredObject("authentication"));
        if (gateway != null && address != null) {
            boolean v6 = address.getAddress().length == 16;
            if (gateway.localAddresses().stream().noneMatch(a -> (a.getAddress().length == 16) == v6)) {
                r.error("address", "gateway has no local " + (v6 ? "IPv6" : "IPv4") + " address to reach it from");
            }
        }
        if (gateway != null && auth instanceof PeerAuthentication.Certificate && gateway.certificate().isEmpty()) {
            r.error("authentication.method", "certificate authentication needs gateway.certificateFile and gateway.privateKeyFile");
        }
        if (name == null || address == null || auth == null) return null;
        return new PeerConfig(name, address, identity != null ? identity : address.getHostAddress(), auth);
    }

    private PeerAuthentication authentication(FieldReader r) {
        String method = r.requiredString("method");
        PeerAuthentication result = null;
        if ("psk".equals(method)) {
            String inline = r.optionalString("psk");
            String file = r.optionalString("pskFile");
            if ((inline == null) == (file == null)) {
                r.error("psk", "give exactly one of psk and pskFile");
            } else if (inline != null) {
                result = psk(r, "psk", inline);
            } else {
                Path p = existingFile(r, "pskFile", file);
                if (p != null) {
                    try {
                        result = psk(r, "pskFile", Files.readString(p, StandardCharsets.UTF_8).strip());
                    } catch (IOException e) {
                        r.error("pskFile", "cannot read " + p + ": " + e.getMessage());
                    }
                }
            }
        } else if ("certificate".equals(method)) {
            Path ca = certificateFile(r, "caCertificateFile", r.requiredString("caCertificateFile"));
            if (ca != null) result = new PeerAuthentication.Certificate(ca);
        } else if (method != null) {
            r.error("method", "must be \"psk\" or \"certificate\"");
        }
        r.rejectUnknown();
        return result;
    }

    /** strongSwan's secret syntax: 0x... hex, 0s... base64, anything else the UTF-8 text itself. */
    private static PeerAuthentication.PreSharedKey psk(FieldReader r, String field, String text) {
        byte[] key;
        try {
            if (text.startsWith("0x")) key = HexFormat.of().parseHex(text.substring(2));
            else if (text.startsWith("0s")) key = Base64.getDecoder().decode(text.substring(2));
            else key = text.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            r.error(field, "is neither valid 0x-hex nor 0s-base64");
            return null;
        }
        if (key.length < MIN_PSK_BYTES) {
            r.error(field, "is too short: at least " + MIN_PSK_BYTES + " bytes");
            return null;
        }
        PeerAuthentication.PreSharedKey psk = new PeerAuthentication.PreSharedKey(key);
        Arrays.fill(key, (byte) 0);
        return psk;
    }

    private CryptoPolicyConfig policy(FieldReader r) {
        String name = r.optionalString("name");
        List<Proposal> ike = proposals(r, "ikeProposals", Proposal::parseIke);
        List<Proposal> esp = proposals(r, "espProposals", Proposal::parseEsp);
        long ikeLife = r.optionalLong("ikeLifetimeSeconds", 28_800, 300, 604_800);
        long childLife = r.optionalLong("childLifetimeSeconds", 3_600, 120, 604_800);
        long margin = r.optionalLong("rekeyMarginSeconds", 540, 10, 86_400);
        if (margin >= childLife / 2 || margin >= ikeLife / 2) {
            r.error("rekeyMarginSeconds", "must be less than half of ikeLifetimeSeconds and childLifetimeSeconds");
        }
        long dpd = r.optionalLong("dpdIntervalSeconds", 30, 0, 3_600);
        int replay = (int) r.optionalLong("replayWindow", 64, 0, 4_096);
        boolean esn = r.optionalBoolean("esn", false);
        Optional<Transform> pfs = Optional.empty();
        String pfsText = r.optionalString("pfsGroup");
        if (pfsText != null && !pfsText.equals("none")) {
            pfs = Transform.byKeyword(pfsText).filter(t -> t.type() == Transform.Type.KEY_EXCHANGE);
            if (pfs.isEmpty()) r.error("pfsGroup", "unknown key exchange method '" + pfsText + "' (e.g. x25519, ecp256, modp3072, or none)");
        }
        StartAction start = choice(r, "startAction", StartAction.values(), StartAction::json, StartAction.START);
        Encapsulation encap = choice(r, "encapsulation", Encapsulation.values(), Encapsulation::json, Encapsulation.AUTO);
        if (name == null || ike.isEmpty() || esp.isEmpty()) return null;
        return new CryptoPolicyConfig(name, ike, esp, Duration.ofSeconds(ikeLife), Duration.ofSeconds(childLife),
                Duration.ofSeconds(margin), Duration.ofSeconds(dpd), replay, esn, pfs, start, encap);
    }

    private static List<Proposal> proposals(FieldReader r, String field, Function<String, Proposal> parse) {
        List<String> texts = r.requiredStringList(field);
        List<Proposal> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(parse.apply(texts.get(i)));
            } catch (IllegalArgumentException e) {
                r.error(field + "[" + i + "]", e.getMessage());
            }
        }
        return out.size() == texts.size() ? out : List.of();
    }

    private static <E> E choice(FieldReader r, String field, E[] values, Function<E, String> json, E defaultValue) {
        String text = r.optionalString(field);
        if (text == null) return defaultValue;
        for (E v : values) {
            if (json.apply(v).equals(text)) return v;
        }
        r.error(field, "must be one of " + Arrays.stream(values).map(json).map(s -> "\"" + s + "\"").toList());
        return defaultValue;
    }

    private TunnelConfig tunnel(FieldReader r, Map<String, PeerConfig> peers, Set<String> peerNames,
                                Map<String, CryptoPolicyConfig> policies, Set<String> policyNames) {
        String name = r.optionalString("name");
        String peerName = r.requiredString("peer");
        String policyName = r.requiredString("cryptoPolicy");
        PeerConfig peer = peerName == null ? null : peers.get(peerName);
        if (peerName != null && !peerNames.contains(peerName)) r.error("peer", "no peer named '" + peerName + "'");
        CryptoPolicyConfig policy = policyName == null ? null : policies.get(policyName);
        if (policyName != null && !policyNames.contains(policyName)) r.error("cryptoPolicy", "no crypto policy named '" + policyName + "'");
        List<IpPrefix> local = selectors(r, "localTrafficSelectors");
        List<IpPrefix> remote = selectors(r, "remoteTrafficSelectors");
        if (name == null || peer == null || policy == null || local.isEmpty() || remote.isEmpty()) return null;
        return new TunnelConfig(name, peer, policy, local, remote);
    }

    private static List<IpPrefix> selectors(FieldReader r, String field) {
        List<String> texts = r.requiredStringList(field);
        List<IpPrefix> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(IpPrefix.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                r.error(field + "[" + i + "]", e.getMessage());
            }
        }
        return out.size() == texts.size() ? out : List.of();
    }

    private Path existingFile(FieldReader r, String field, String name) {
        if (name == null) return null;
        Path p = baseDir.resolve(name).normalize();
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            r.error(field, "file not found or not readable: " + p);
            return null;
        }
        return p;
    }

    private Path certificateFile(FieldReader r, String field, String name) {
        Path p = existingFile(r, field, name);
        if (p == null) return null;
        try (InputStream in = Files.newInputStream(p)) {
            CertificateFactory.getInstance("X.509").generateCertificate(in);
            return p;
        } catch (IOException | CertificateException e) {
            r.error(field, "not a PEM or DER X.509 certificate: " + p);
            return null;
        }
    }

    private Path privateKeyFile(FieldReader r, String field, String name) {
        Path p = existingFile(r, field, name);
        if (p == null) return null;
        try {
            if (!Files.readString(p, StandardCharsets.US_ASCII).contains("PRIVATE KEY-----")) {
                r.error(field, "not a PEM private key: " + p);
                return null;
            }
            return p;
        } catch (IOException e) {
            r.error(field, "cannot read " + p + ": " + e.getMessage());
            return null;
        }
    }
}
