package net.vpnaas.agent.config;

import java.io.ByteArrayInputStream;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import net.vpnaas.model.crypto.WeakTransform;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.net.HostAddress;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads and validates a standalone config file (JSON). Field names, ranges and defaults are those of
 * the tenant-facing contract (openapi/vpn-api.yaml), so a file reads like what the control plane
 * holds; agent-local additions are file references (pskFile, caCertificateFile, the gateway's
 * certificateFile/privateKeyFile) and the dataPath section. Every problem is collected with the path
 * of its field and all are reported together in one {@link ConfigException}; a config that loads is
 * complete and consistent (references resolve, proposals parse, files exist).
 */
public final class StandaloneConfigLoader {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}");
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?");
    static final int MIN_PSK_BYTES = 16;
    static final int MAX_PSK_BYTES = 256;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a key given twice is a mistake, not "last wins"
            .build();

    private final Path baseDir;
    private final List<ConfigError> errors = new ArrayList<>();
    /** Which gateway and peer addresses can be endpoints: the API's rules, link-local only if the file allows it. */
    private EndpointAddressRules endpoints = EndpointAddressRules.STRICT;

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
        return parse(json, file.toAbsolutePath().getParent(), file.toString());
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
        endpoints = new EndpointAddressRules(r.optionalBoolean("allowLinkLocalEndpoints", false));
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
            labels(e);
            T value = read.apply(e);
            e.rejectUnknown();
            if (name == null) continue;
            if (!declared.add(name)) e.error("name", "duplicate name '" + name + "' in " + list);
            else if (value != null) out.put(name, value);
        }
        return out;
    }

    private static String name(FieldReader r) {
        String name = r.requiredString("name");
        if (name != null && !NAME.matcher(name).matches()) {
            r.error("name", "must be 1-63 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
            return null;
        }
        return name;
    }

    /** Labels are the tenant's own bookkeeping: checked like the API checks them, not used by the agent. */
    private static void labels(FieldReader r) {
        FieldReader labels = r.optionalObject("labels");
        if (labels == null) return;
        for (String key : labels.fieldNames()) {
            if (!LABEL_KEY.matcher(key).matches()) labels.error(key, "label keys are lower-case letters, digits, '.', '_', '/', '-'");
            String v = labels.optionalString(key);
            if (v != null && v.length() > 128) labels.error(key, "label values are at most 128 characters");
        }
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

    private GatewayConfig gateway(FieldReader r) {
        String name = name(r);
        labels(r);
        List<InetAddress> addresses = new ArrayList<>();
        List<String> raw = r.requiredStringList("publicAddresses");
        for (int i = 0; i < raw.size(); i++) {
            try {
                InetAddress a = endpoints.parseEndpoint(raw.get(i));
                if (addresses.contains(a)) r.error("publicAddresses[" + i + "]", "duplicate address");
                else addresses.add(a);
            } catch (IllegalArgumentException e) {
                r.error("publicAddresses[" + i + "]", e.getMessage());
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
                address = endpoints.parseEndpoint(addressText);
            } catch (IllegalArgumentException e) {
                r.error("address", e.getMessage() + (HostAddress.isFqdn(addressText) ? " (the agent does not resolve names)" : ""));
            }
        }
        String identity = r.requiredString("ikeIdentity");
        PeerAuthentication auth = auth(r.requiredObject("auth"));
        if (gateway != null && address != null) {
            boolean v6 = address.getAddress().length == 16;
            if (gateway.publicAddresses().stream().noneMatch(a -> (a.getAddress().length == 16) == v6)) {
                r.error("address", "gateway has no public " + (v6 ? "IPv6" : "IPv4") + " address to reach it from");
            }
        }
        if (gateway != null && auth instanceof PeerAuthentication.Certificate && gateway.certificate().isEmpty()) {
            r.error("auth.type", "certificate authentication needs gateway.certificateFile and gateway.privateKeyFile");
        }
        if (name == null || address == null || identity == null || auth == null) return null;
        return new PeerConfig(name, address, identity, auth);
    }

    private PeerAuthentication auth(FieldReader r) {
        String type = r.requiredString("type");
        PeerAuthentication result = null;
        if ("psk".equals(type)) {
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
        } else if ("certificate".equals(type)) {
            String inline = r.optionalString("caBundlePem");
            String file = r.optionalString("caCertificateFile");
            String expected = r.requiredString("expectedIdentity");
            String pem = null;
            if ((inline == null) == (file == null)) {
                r.error("caBundlePem", "give exactly one of caBundlePem and caCertificateFile");
            } else if (inline != null) {
                pem = certificates(r, "caBundlePem", inline.getBytes(StandardCharsets.US_ASCII)) ? inline : null;
            } else {
                Path p = existingFile(r, "caCertificateFile", file);
                pem = p == null ? null : readCertificates(r, "caCertificateFile", p);
            }
            if (pem != null && expected != null) result = new PeerAuthentication.Certificate(pem, expected);
        } else if (type != null) {
            r.error("type", "must be \"psk\" or \"certificate\"");
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
        if (key.length < MIN_PSK_BYTES || key.length > MAX_PSK_BYTES) {
            r.error(field, "must be " + MIN_PSK_BYTES + " to " + MAX_PSK_BYTES + " bytes long");
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
        long ikeLife = r.optionalLong("ikeLifetimeSeconds", 14_400, 300, 86_400);
        long childLife = r.optionalLong("childLifetimeSeconds", 3_600, 120, 86_400);
        long margin = r.optionalLong("rekeyMarginSeconds", 540, 10, 3_600);
        int fuzz = (int) r.optionalLong("rekeyFuzzPercent", 100, 0, 200);
        // The earliest rekey (the margin stretched by the whole fuzz) must still come after the SA's birth.
        long stretched = margin * (100 + fuzz) / 100;
        if (stretched >= childLife || stretched >= ikeLife) {
            r.error("rekeyMarginSeconds", "rekeyMarginSeconds x (100 + rekeyFuzzPercent) / 100 = " + stretched
                    + " must be below ikeLifetimeSeconds and childLifetimeSeconds");
        }
        DpdConfig dpd = r.has("dpd") ? dpd(r.requiredObject("dpd")) : dpd(null);
        int replay = (int) r.optionalLong("replayWindow", 32, 0, 4_096);
        boolean esn = r.optionalBoolean("esn", false);
        Optional<Transform> pfs = Optional.empty();
        String pfsText = r.optionalString("pfsGroup");
        if (pfsText != null) {
            pfs = Transform.byKeyword(pfsText).filter(t -> t.type() == Transform.Type.KEY_EXCHANGE);
            if (pfs.isEmpty()) r.error("pfsGroup", WeakTransform.byToken(pfsText.toLowerCase(Locale.ROOT))
                    .filter(w -> w.kind() == WeakTransform.Kind.KEY_EXCHANGE).map(w -> w.refusal(pfsText))
                    .orElseGet(() -> "unknown key exchange method '" + pfsText + "' (e.g. x25519, ecp256, modp3072)"));
        }
        StartAction start = choice(r, "startAction", StartAction.values(), StartAction::json, StartAction.RESPOND);
        Encapsulation encap = choice(r, "encapsulation", Encapsulation.values(), Encapsulation::json, Encapsulation.AUTO);
        if (name == null || ike.isEmpty() || esp.isEmpty() || dpd == null) return null;
        return new CryptoPolicyConfig(name, ike, esp, Duration.ofSeconds(ikeLife), Duration.ofSeconds(childLife),
                Duration.ofSeconds(margin), fuzz, dpd, replay, esn, pfs, start, encap);
    }

    /** {@code r} null: all defaults (30 s interval, 150 s timeout, restart). */
    private static DpdConfig dpd(FieldReader r) {
        if (r == null) return new DpdConfig(Duration.ofSeconds(30), Duration.ofSeconds(150), DpdConfig.Action.RESTART);
        long interval = r.optionalLong("intervalSeconds", 30, 0, 3_600);
        long timeout = r.optionalLong("timeoutSeconds", 150, 5, 7_200);
        if (interval > 0 && timeout <= interval) r.error("timeoutSeconds", "must be greater than intervalSeconds");
        DpdConfig.Action action = choice(r, "action", DpdConfig.Action.values(), DpdConfig.Action::json, DpdConfig.Action.RESTART);
        r.rejectUnknown();
        return new DpdConfig(Duration.ofSeconds(interval), Duration.ofSeconds(timeout), action);
    }

    private static List<Proposal> proposals(FieldReader r, String field, Function<String, Proposal> parse) {
        List<String> texts = r.requiredStringList(field);
        if (texts.size() > 16) r.error(field, "at most 16 proposals");
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
        for (int i = 0; i < remote.size(); i++) {
            IpPrefix rp = remote.get(i);
            if (local.stream().anyMatch(rp::overlaps)) r.error("remoteTrafficSelectors[" + i + "]", "overlaps a local traffic selector");
        }
        if (name == null || peer == null || policy == null || local.isEmpty() || remote.isEmpty()) return null;
        return new TunnelConfig(name, peer, policy, local, remote);
    }

    private static List<IpPrefix> selectors(FieldReader r, String field) {
        List<String> texts = r.requiredStringList(field);
        if (texts.size() > 16) r.error(field, "at most 16 traffic selectors");
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
        return p != null && readCertificates(r, field, p) != null ? p : null;
    }

    /** The file's text if it holds at least one X.509 certificate (PEM or DER), else null with an error. */
    private static String readCertificates(FieldReader r, String field, Path p) {
        try {
            byte[] bytes = Files.readAllBytes(p);
            return certificates(r, field, bytes) ? new String(bytes, StandardCharsets.US_ASCII) : null;
        } catch (IOException e) {
            r.error(field, "cannot read " + p + ": " + e.getMessage());
            return null;
        }
    }

    private static boolean certificates(FieldReader r, String field, byte[] bytes) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                r.error(field, "holds no certificate");
                return false;
            }
            return true;
        } catch (IOException | CertificateException e) {
            r.error(field, "not PEM or DER X.509 certificates");
            return false;
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
