package net.vpnaas.agent.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.vpnaas.agent.qkd.KmeSettings;
import net.vpnaas.ike.auth.PemFormatException;
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
import net.vpnaas.model.gateway.GatewayCertificate;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.GatewayTunnel;
import net.vpnaas.model.gateway.LocalGateway;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.validation.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads a standalone config file (JSON) into tenant-model's {@link GatewayConfiguration} and
 * validates it with tenant-model's rules, the REST API's: field names, ranges and defaults are the
 * tenant-facing contract's (openapi/vpn-api.yaml), so a file reads like what the control plane holds.
 * What only a file has: file references (pskFile, caCertificateFile, the gateway's
 * certificateFile/privateKeyFile, relative to the file's folder) and the dataPath section. This class
 * checks only what is the file's own: JSON types, unknown fields, the files it names, the data path.
 * Every problem is collected with the path of its field and all are reported together in one
 * {@link ConfigException}; a violation of a value read from a named file names the file's field.
 */
public final class StandaloneConfigLoader {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a key given twice is a mistake, not "last wins"
            .build();

    private final Path baseDir;
    private final List<Violation> errors = new ArrayList<>();
    /** Model field -> the file field its value came from (e.g. peers[0].auth.psk -> peers[0].auth.pskFile). */
    private final Map<String, String> readFromFile = new HashMap<>();

    private StandaloneConfigLoader(Path baseDir) {
        this.baseDir = baseDir;
    }

    public static StandaloneConfig load(Path file) throws ConfigException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Violation("(file)", "cannot read: " + e.getMessage())));
        }
        return parse(json, file.toAbsolutePath().getParent(), file.toString());
    }

    /**
     * A managed agent's KME ({@code bin/agent connect --qkd-file FILE}): a JSON object with the fields of a
     * standalone file's {@code qkd} section, file names relative to its folder.
     */
    public static KmeSettings loadKme(Path file) throws ConfigException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Violation("(file)", "cannot read: " + e.getMessage())));
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new ConfigException(file.toString(), List.of(new Violation("(json)", e.getOriginalMessage())));
        }
        StandaloneConfigLoader loader = new StandaloneConfigLoader(file.toAbsolutePath().getParent());
        KmeSettings settings = root == null || root.isMissingNode() ? null : loader.kme(FieldReader.root(root, loader.errors));
        if (!loader.errors.isEmpty() || settings == null) {
            throw new ConfigException(file.toString(), loader.errors.isEmpty() ? List.of(new Violation("(json)", "file is empty")) : loader.errors);
        }
        return settings;
    }

    /** Parses JSON text; relative file names in it are resolved against {@code baseDir}. */
    public static StandaloneConfig parse(String json, Path baseDir, String source) throws ConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new ConfigException(source, List.of(new Violation("(json)", where + e.getOriginalMessage())));
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(source, List.of(new Violation("(json)", "file is empty")));
        }
        StandaloneConfigLoader loader = new StandaloneConfigLoader(baseDir);
        StandaloneConfig config = loader.read(root);
        if (!loader.errors.isEmpty()) throw new ConfigException(source, loader.errors);
        return config;
    }

    private StandaloneConfig read(JsonNode root) {
        FieldReader r = FieldReader.root(root, errors);
        Boolean allowLinkLocal = r.bool("allowLinkLocalEndpoints");
        FieldReader gateway = r.object("gateway");
        GatewayConfiguration configuration = new GatewayConfiguration(
                gateway == null ? null : gateway(gateway),
                r.objects("peers").stream().map(this::peer).toList(),
                r.objects("cryptoPolicies").stream().map(StandaloneConfigLoader::policy).toList(),
                r.objects("tunnels").stream().map(StandaloneConfigLoader::tunnel).toList()).withDefaults();
        FieldReader dataPath = r.object("dataPath");
        DataPathConfig dp = dataPath == null ? DataPathConfig.DEFAULT : dataPath(dataPath);
        FieldReader qkdSection = r.object("qkd");
        KmeSettings kme = qkdSection == null ? null : kme(qkdSection);
        List<RemoteAccessEndpointSpec> remoteAccess = r.objects("remoteAccessEndpoints").stream().map(this::remoteAccess).toList();
        r.rejectUnknown();
        List<Violation> unreadable = List.copyOf(errors);
        for (Violation v : configuration.validate(new EndpointAddressRules(Boolean.TRUE.equals(allowLinkLocal)))) {
            String field = readFromFile.getOrDefault(v.field(), v.field());
            if (unreadable.stream().noneMatch(u -> related(u.field(), field))) {
                errors.add(new Violation(field, v.detail()));
            }
        }
        checkRemoteAccess(remoteAccess, configuration, unreadable);
        if (errors.isEmpty() && qkdSection == null) {
            // Only now are the tunnels valid and resolvable: a QKD policy needs this agent's KME.
            configuration.resolvedTunnels().stream().filter(t -> t.cryptoPolicy().usesQkd()).findFirst().ifPresent(t ->
                    errors.add(new Violation("qkd", "is required: tunnel '" + t.name() + "' takes QKD keys (crypto policy '"
                            + t.cryptoPolicy().name() + "'), from this agent's KME")));
        }
        return errors.isEmpty() ? new StandaloneConfig(configuration, dp, kme, remoteAccess) : null;
    }

    /**
     * tenant-model's rules for each remote-access endpoint, and what ties it to the rest of the file:
     * its crypto policy must be one of the file's, its name no tunnel's (both are engine connections),
     * and without EAP-only the gateway needs its certificate.
     */
    private void checkRemoteAccess(List<RemoteAccessEndpointSpec> endpoints, GatewayConfiguration configuration, List<Violation> unreadable) {
        for (int i = 0; i < endpoints.size(); i++) {
            RemoteAccessEndpointSpec e = endpoints.get(i);
            String at = "remoteAccessEndpoints[" + i + "]";
            for (Violation v : e.validate()) {
                String field = readFromFile.getOrDefault(at + "." + v.field(), at + "." + v.field());
                if (unreadable.stream().noneMatch(u -> related(u.field(), field))) errors.add(new Violation(field, v.detail()));
            }
            for (Violation v : e.violationsIn(configuration)) {
                String field = at + "." + v.field();
                errors.add(new Violation(field, "eapOnly".equals(v.field()) ? v.detail() + " (gateway.certificateFile)" : v.detail()));
            }
        }
    }

    private RemoteAccessEndpointSpec remoteAccess(FieldReader r) {
        List<RadiusServerSpec> radius = r.objects("radiusServers").stream().map(s -> {
            var spec = new RadiusServerSpec(s.string("address"), s.integer("port"), inlineOrFile(s, "secret", "secretFile"));
            s.rejectUnknown();
            return spec;
        }).toList();
        var spec = RemoteAccessEndpointSpec.ofGateway(r.string("name"), r.string("cryptoPolicy"), r.strings("addressPools"),
                r.strings("dnsServers"), r.strings("allowedNetworks"), radius.isEmpty() ? null : radius, r.bool("eapOnly"));
        r.rejectUnknown();
        return spec.withDefaults();
    }

    /**
     * A field the file could not be read at (wrong JSON type, a missing file) says all there is to
     * say about itself, what lies under it and what holds it: tenant-model, which saw no value there,
     * would only add "is required".
     */
    private static boolean related(String unreadable, String field) {
        return under(field, unreadable) || under(unreadable, field);
    }

    private static boolean under(String field, String parent) {
        return field.equals(parent) || field.startsWith(parent + ".") || field.startsWith(parent + "[");
    }

    private LocalGateway gateway(FieldReader r) {
        FieldReader defence = r.object("defence");
        GatewaySpec spec = new GatewaySpec(r.string("name"), r.stringMap("labels"), r.strings("publicAddresses"),
                defence == null ? null : defence(defence));
        String identity = r.string("ikeIdentity");
        String certificateFile = r.string("certificateFile");
        String keyFile = r.string("privateKeyFile");
        GatewayCertificate certificate = null;
        if ((certificateFile == null) != (keyFile == null)) {
            r.error(certificateFile == null ? "certificateFile" : "privateKeyFile", "certificateFile and privateKeyFile go together");
        } else if (certificateFile != null) {
            certificate = new GatewayCertificate(text(r, "certificateFile", certificateFile, "certificatePem"),
                    text(r, "privateKeyFile", keyFile, "privateKeyPem"));
        }
        r.rejectUnknown();
        return new LocalGateway(spec, identity, certificate);
    }

    private PeerSpec peer(FieldReader r) {
        var spec = new PeerSpec(r.string("name"), r.stringMap("labels"), r.string("address"), r.string("ikeIdentity"),
                auth(r.object("auth")), ppks(r), r.bool("ppkRequired"), qkd(r.object("qkd")));
        r.rejectUnknown();
        return spec;
    }

    /** The REST API's qkd of a peer: the peer's SAE ID and the fallback. */
    private static PeerQkd qkd(FieldReader r) {
        if (r == null) return null;
        var qkd = new PeerQkd(r.string("saeId"), r.string("fallback"));
        r.rejectUnknown();
        return qkd;
    }

    /** The REST API's ppks, where a file may name a file instead of giving a secret inline; a file has every secret. */
    private List<PeerPpk> ppks(FieldReader r) {
        List<PeerPpk> ppks = new ArrayList<>();
        for (FieldReader item : r.objects("ppks")) {
            ppks.add(new PeerPpk(item.string("id"), inlineOrFile(item, "secret", "secretFile")));
            item.rejectUnknown();
        }
        return ppks;
    }

    /** The REST API's auth object, where a file may name a file instead of giving the PSK or the CA bundle inline. */
    private PeerAuth auth(FieldReader r) {
        if (r == null) return null;
        String type = r.string("type");
        PeerAuth auth = switch (type) {
            case "psk" -> new PeerAuth.Psk(inlineOrFile(r, "psk", "pskFile"));
            case "certificate" -> new PeerAuth.Certificate(inlineOrFile(r, "caBundlePem", "caCertificateFile"),
                    r.string("expectedIdentity"));
            case "null" -> new PeerAuth.Null(r.has("gatewayPsk") || r.has("gatewayPskFile") ? inlineOrFile(r, "gatewayPsk", "gatewayPskFile") : null);
            case "password" -> new PeerAuth.Password(inlineOrFile(r, "password", "passwordFile"));
            case null -> {
                if (!r.has("type")) r.error("type", "is required: \"psk\", \"certificate\", \"null\" or \"password\"");
                yield null;
            }
            default -> {
                r.error("type", "must be \"psk\", \"certificate\", \"null\" or \"password\"");
                yield null;
            }
        };
        r.rejectUnknown();
        return auth;
    }

    /** The value given inline in {@code field}, or read from the file named in {@code fileField}; exactly one. */
    private String inlineOrFile(FieldReader r, String field, String fileField) {
        String inline = r.string(field);
        String file = r.string(fileField);
        if ((inline == null) == (file == null)) {
            r.error(field, "give exactly one of " + field + " and " + fileField);
            return null;
        }
        return inline != null ? inline : text(r, fileField, file, field);
    }

    /**
     * The text of the file {@code name} (a PSK file's surrounding white space stripped), given in
     * {@code fileField} for the model's {@code modelField}; null with an error when it cannot be read.
     */
    private String text(FieldReader r, String fileField, String name, String modelField) {
        Path p = baseDir.resolve(name).normalize();
        // What the model says of its field is said of the file's, also of a file that cannot be read
        // (then its "is required" is left out: "file not found" says it all).
        readFromFile.put(r.pathOf(modelField), r.pathOf(fileField));
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            return modelField.equals("psk") || modelField.equals("gatewayPsk") || modelField.equals("password")
                    || modelField.equals("secret") ? text.strip() : text;
        } catch (IOException e) {
            r.error(fileField, "file not found or not readable: " + p);
            return null;
        }
    }

    private static CryptoPolicySpec policy(FieldReader r) {
        FieldReader dpd = r.object("dpd");
        FieldReader retransmit = r.object("retransmit");
        var spec = new CryptoPolicySpec(r.string("name"), r.stringMap("labels"),
                r.strings("ikeProposals"), r.strings("espProposals"),
                r.integer("ikeLifetimeSeconds"), r.integer("childLifetimeSeconds"), r.integer("rekeyMarginSeconds"),
                r.integer("rekeyFuzzPercent"), dpd == null ? null : dpd(dpd), r.integer("replayWindow"), r.bool("esn"),
                r.string("pfsGroup"), r.string("startAction"), r.string("encapsulation"), r.integer("ikeRekeySeconds"),
                r.integer("childRekeySeconds"), r.integer("ikeFragmentSize"), retransmit == null ? null : retransmit(retransmit),
                r.integer("natKeepaliveSeconds"),
                r.string("transport"), r.integer("tcpPort"));
        r.rejectUnknown();
        return spec;
    }

    private static RetransmitSettings retransmit(FieldReader r) {
        var retransmit = new RetransmitSettings(r.integer("timeoutMillis"), r.integer("backoffPercent"), r.integer("tries"));
        r.rejectUnknown();
        return retransmit;
    }

    private static GatewayDefence defence(FieldReader r) {
        var defence = new GatewayDefence(r.integer("cookieThreshold"), r.integer("puzzleThreshold"), r.integer("halfOpenLimit"),
                r.integer("perAddressLimit"), r.integer("perPrefixLimit"), r.integer("maxPuzzleDifficulty"), r.integer("authFailureLimit"));
        r.rejectUnknown();
        return defence;
    }

    private static DpdSettings dpd(FieldReader r) {
        var dpd = new DpdSettings(r.integer("intervalSeconds"), r.integer("timeoutSeconds"), r.string("action"));
        r.rejectUnknown();
        return dpd;
    }

    private static GatewayTunnel tunnel(FieldReader r) {
        var tunnel = new GatewayTunnel(r.string("name"), r.stringMap("labels"), r.string("peer"), r.string("cryptoPolicy"),
                r.strings("localTrafficSelectors"), r.strings("remoteTrafficSelectors"));
        r.rejectUnknown();
        return tunnel;
    }

    /**
     * This gateway's QKD key management entity (ETSI GS QKD 014): its https URL, the client certificate
     * and key that make this gateway its SAE, the CA of the KME's certificate (PEM files), and optionally
     * the time a call may take and the key size. The agent's own, so checked here; never in the API.
     */
    private KmeSettings kme(FieldReader r) {
        String url = r.string("kmeUrl");
        URI uri = null;
        if (url == null) {
            if (!r.has("kmeUrl")) r.error("kmeUrl", "is required");
        } else {
            try {
                uri = new URI(url);
                if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    r.error("kmeUrl", "must be an https URL without query, e.g. https://kme.example:8443");
                    uri = null;
                }
            } catch (URISyntaxException e) {
                r.error("kmeUrl", "is not a URL: " + e.getMessage());
            }
        }
        String certificate = required(r, "certificateFile");
        String key = required(r, "privateKeyFile");
        String ca = required(r, "caCertificateFile");
        Integer timeout = r.integer("timeoutMillis");
        if (timeout != null && (timeout < 100 || timeout > 60_000)) r.error("timeoutMillis", "must be an integer from 100 to 60000");
        Integer bits = r.integer("keySizeBits");
        if (bits != null && (bits < 128 || bits > 1024 || bits % 8 != 0)) {
            r.error("keySizeBits", "must be a multiple of 8 from 128 to 1024");
        }
        r.rejectUnknown();
        if (uri == null || certificate == null || key == null || ca == null) return null;
        KmeSettings settings = new KmeSettings(uri, certificate, key, ca,
                timeout == null ? KmeSettings.DEFAULT_TIMEOUT : Duration.ofMillis(timeout),
                bits == null ? KmeSettings.DEFAULT_KEY_SIZE_BITS : bits);
        try {
            settings.client();
        } catch (GeneralSecurityException | PemFormatException e) {
            r.error("certificateFile", "the certificate, its key and the CA cannot make a TLS client: " + e.getMessage());
            return null;
        }
        return settings;
    }

    /** The text of the file named in the required {@code fileField}. */
    private String required(FieldReader r, String fileField) {
        String name = r.string(fileField);
        if (name == null) {
            if (!r.has(fileField)) r.error(fileField, "is required");
            return null;
        }
        Path p = baseDir.resolve(name).normalize();
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            r.error(fileField, "file not found or not readable: " + p);
            return null;
        }
    }

    /** This machine's own settings: not part of a gateway's configuration, so checked here. */
    private static DataPathConfig dataPath(FieldReader r) {
        DataPathConfig d = DataPathConfig.DEFAULT;
        String tun = r.string("tunName");
        if (tun != null && !tun.matches("[A-Za-z0-9_.-]{1,15}")) {
            r.error("tunName", "must be 1-15 letters, digits, '_', '.' or '-' (a Linux interface name)");
        }
        Integer mtu = r.integer("tunMtu");
        if (mtu != null && (mtu < 576 || mtu > 9000)) r.error("tunMtu", "must be an integer from 576 to 9000");
        Integer queues = r.integer("queues");
        if (queues != null && (queues < 1 || queues > 64)) r.error("queues", "must be an integer from 1 to 64");
        r.rejectUnknown();
        return new DataPathConfig(tun != null ? tun : d.tunName(), mtu != null ? mtu : d.tunMtu(), queues != null ? queues : d.queues());
    }
}
