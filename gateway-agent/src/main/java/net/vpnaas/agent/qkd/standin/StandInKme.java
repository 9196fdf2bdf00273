package net.vpnaas.agent.qkd.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One stand-in KME: ETSI GS QKD 014 v1.1.1 sections 5 and 6 over HTTPS with mutual TLS. It serves one
 * SAE, the one whose name is the common name of the client certificate (anyone else: 401), and
 * shares its {@link KeyPool} with the KME at the other end of the link, whose SAE is the only peer:
 * {@code GET /api/v1/keys/{slave}/status}, {@code enc_keys} (GET with {@code number} and {@code size},
 * or POST with a Key request) and {@code dec_keys} (GET with {@code key_ID}, or POST with Key IDs).
 * Errors: 400 for a malformed request, an unknown SAE or key ID, a size it cannot serve; 401 for a
 * client that is not its SAE; 503 when the pool has too few keys.
 */
final class StandInKme implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StandInKme.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PATH = Pattern.compile("/api/v1/keys/([^/]+)/(status|enc_keys|dec_keys)");
    static final int MAX_KEYS_PER_REQUEST = 16;
    static final int MIN_KEY_BITS = 64;
    static final int MAX_KEY_BITS = 1024;
    static final int DEFAULT_KEY_BITS = 256;

    private final String kmeId;
    private final String otherKmeId;
    private final String sae;
    private final String peerSae;
    private final KeyPool pool;
    private final HttpsServer server;

    StandInKme(String kmeId, String otherKmeId, String sae, String peerSae, KeyPool pool, InetSocketAddress address,
               SSLContext tls) throws IOException {
        this.kmeId = kmeId;
        this.otherKmeId = otherKmeId;
        this.sae = sae;
        this.peerSae = peerSae;
        this.pool = pool;
        this.server = HttpsServer.create(address, 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                var p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true); // the SAE is known by its certificate only
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    URI url() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        // The catch clauses of a try-with-resources run after the close: the answer must come before.
        try (exchange) {
            serve(exchange);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            Matcher m = PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!m.matches()) {
                answer(exchange, 404, error("no such resource: " + exchange.getRequestURI().getPath()));
                return;
            }
            String client = clientSae((HttpsExchange) exchange);
            if (!sae.equals(client)) {
                answer(exchange, 401, error("client certificate '" + client + "' is not SAE '" + sae + "' of " + kmeId));
                return;
            }
            String other = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            if (!peerSae.equals(other)) {
                answer(exchange, 400, error("SAE '" + other + "' is not reachable from " + kmeId + " (only '" + peerSae + "')"));
                return;
            }
            String method = exchange.getRequestMethod();
            boolean post = method.equals("POST");
            if (!post && !method.equals("GET") || m.group(2).equals("status") && post) {
                answer(exchange, 400, error(method + " is not allowed here"));
                return;
            }
            switch (m.group(2)) {
                case "status" -> answer(exchange, 200, status());
                case "enc_keys" -> encKeys(exchange, other, post);
                default -> decKeys(exchange, other, post);
            }
        } catch (BadRequest e) {
            answer(exchange, 400, error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warning(kmeId + ": " + e);
            answer(exchange, 503, error("internal error"));
        }
    }

    /** Key request: number (default 1) and size in bits (default 256), from the query (GET) or a JSON body (POST). */
    private void encKeys(HttpExchange exchange, String slave, boolean post) throws IOException, BadRequest {
        JsonNode request = post ? body(exchange) : null;
        Map<String, List<String>> query = post ? Map.of() : query(exchange);
        int number = integer(request, query, "number", 1);
        int size = integer(request, query, "size", DEFAULT_KEY_BITS);
        if (number < 1 || number > MAX_KEYS_PER_REQUEST) throw new BadRequest("number must be 1 to " + MAX_KEYS_PER_REQUEST);
        if (size < MIN_KEY_BITS || size > MAX_KEY_BITS || size % 8 != 0) {
            throw new BadRequest("size must be a multiple of 8 from " + MIN_KEY_BITS + " to " + MAX_KEY_BITS);
        }
        var keys = pool.take(sae, slave, number, size / 8);
        if (keys == null) {
            LOG.info(() -> kmeId + ": enc_keys for " + sae + " -> " + slave + ": too few keys (" + pool.ready() + " ready)");
            answer(exchange, 503, error("key pool exhausted: " + pool.ready() + " keys ready, " + number + " asked"));
            return;
        }
        LOG.info(() -> kmeId + ": enc_keys " + keys.keySet() + " for " + sae + " -> " + slave + " (delivered "
                + pool.delivered() + ", " + pool.ready() + " ready)");
        ObjectNode container = JSON.createObjectNode();
        ArrayNode array = container.putArray("keys");
        keys.forEach((id, key) -> array.addObject().put("key_ID", id.toString()).put("key", Base64.getEncoder().encodeToString(key)));
        answer(exchange, 200, container);
    }

    /** Key IDs from the query (GET, one key_ID) or a JSON body (POST): all are fetched, or none. */
    private void decKeys(HttpExchange exchange, String master, boolean post) throws IOException, BadRequest {
        List<UUID> ids = new ArrayList<>();
        if (post) {
            JsonNode list = body(exchange).get("key_IDs");
            if (!(list instanceof ArrayNode array) || array.isEmpty() || array.size() > MAX_KEYS_PER_REQUEST) {
                throw new BadRequest("key_IDs must be an array of 1 to " + MAX_KEYS_PER_REQUEST + " objects");
            }
            for (JsonNode item : array) ids.add(uuid(item.isObject() ? item.get("key_ID") : null));
        } else {
            for (String id : query(exchange).getOrDefault("key_ID", List.of())) ids.add(uuid(JSON.getNodeFactory().stringNode(id)));
            if (ids.size() != 1) throw new BadRequest("GET dec_keys takes one key_ID");
        }
        var keys = pool.fetch(ids, master, sae);
        if (keys == null) {
            LOG.info(() -> kmeId + ": dec_keys " + ids + " for " + master + " -> " + sae + ": unknown");
            throw new BadRequest("key IDs " + ids + " are not keys of " + master + " for " + sae + " (unknown or fetched already)");
        }
        LOG.info(() -> kmeId + ": dec_keys " + ids + " for " + master + " -> " + sae + " (retrieved " + pool.retrieved() + ")");
        ObjectNode container = JSON.createObjectNode();
        ArrayNode array = container.putArray("keys");
        for (int i = 0; i < ids.size(); i++) {
            array.addObject().put("key_ID", ids.get(i).toString()).put("key", Base64.getEncoder().encodeToString(keys.get(i)));
        }
        answer(exchange, 200, container);
    }

    /** Status data format (section 6.1). */
    private ObjectNode status() {
        ObjectNode s = JSON.createObjectNode();
        s.put("source_KME_ID", kmeId);
        s.put("target_KME_ID", otherKmeId);
        s.put("master_SAE_ID", sae);
        s.put("slave_SAE_ID", peerSae);
        s.put("key_size", DEFAULT_KEY_BITS);
        s.put("stored_key_count", pool.ready());
        s.put("max_key_count", pool.capacity());
        s.put("max_key_per_request", MAX_KEYS_PER_REQUEST);
        s.put("max_key_size", MAX_KEY_BITS);
        s.put("min_key_size", MIN_KEY_BITS);
        s.put("max_SAE_ID_count", 0);
        return s;
    }

    private static String clientSae(HttpsExchange exchange) {
        try {
            X509Certificate cert = (X509Certificate) exchange.getSSLSession().getPeerCertificates()[0];
            return commonName(cert.getSubjectX500Principal());
        } catch (SSLPeerUnverifiedException e) {
            return "(none)";
        }
    }

    static String commonName(X500Principal name) {
        for (String rdn : name.getName(X500Principal.RFC2253).split(",")) {
            if (rdn.startsWith("CN=")) return rdn.substring(3);
        }
        return "(no CN)";
    }

    private static JsonNode body(HttpExchange exchange) throws IOException, BadRequest {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(64 * 1024);
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) throw new BadRequest("the body must be a JSON object");
            return node;
        } catch (JacksonException e) {
            throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, List<String>> query(HttpExchange exchange) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        String q = exchange.getRequestURI().getRawQuery();
        if (q == null) return out;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            out.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int integer(JsonNode body, Map<String, List<String>> query, String name, int otherwise) throws BadRequest {
        if (body != null) {
            JsonNode v = body.get(name);
            if (v == null) return otherwise;
            if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new BadRequest(name + " must be an integer");
            return v.intValue();
        }
        List<String> v = query.get(name);
        if (v == null) return otherwise;
        try {
            return Integer.parseInt(v.getFirst());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be an integer");
        }
    }

    private static UUID uuid(JsonNode id) throws BadRequest {
        if (id == null || !id.isString()) throw new BadRequest("key_ID must be a string");
        try {
            return UUID.fromString(id.stringValue());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("key_ID '" + id.stringValue() + "' is not a UUID");
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("message", message);
    }

    private static void answer(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }
}
