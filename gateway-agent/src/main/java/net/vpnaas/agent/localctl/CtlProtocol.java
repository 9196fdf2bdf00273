package net.vpnaas.agent.localctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.vpnaas.agent.logging.AgentLogging;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control socket's wire format: the client sends one request, a JSON object on one line, and
 * the agent answers with one JSON object on one line, then closes the connection.
 *
 * <pre>
 * {"command":"list-sas"}                          {"ok":true,"tunnels":[...]}      (see {@link SaListing})
 * {"command":"initiate","tunnel":"berlin-lan"}    {"ok":true,"message":"berlin-lan: IKE SA ... established, ..."}
 * {"command":"terminate","tunnel":"berlin-lan"}
 * {"command":"rekey","tunnel":"berlin-lan","sa":"ike"}   ("sa": "ike" or "child", default "child")
 * {"command":"reload"}
 * {"command":"log-level"}  {"command":"log-level","level":"debug"}
 *                                                 {"ok":false,"error":"tunnel: no tunnel named 'x' ..."}
 * </pre>
 *
 * Requests come from another process, so they are decoded defensively: at most
 * {@link #MAX_REQUEST_BYTES}, strict JSON (no duplicate keys, nothing after the object, bounded
 * nesting), only the fields the command takes; anything else is a {@link CtlProtocolException} whose
 * message names the field, answered as an error, never an exception that escapes.
 */
public final class CtlProtocol {

    /** A request line, newline included, is at most this long: a command and a tunnel name need far less. */
    public static final int MAX_REQUEST_BYTES = 4096;
    /** The client reads at most this much of a response: room for the SAs of many thousands of tunnels. */
    public static final int MAX_RESPONSE_BYTES = 64 << 20;
    /** Longer than any name the API or a standalone file accepts (63). */
    static final int MAX_TUNNEL_NAME = 128;

    private static final List<String> COMMANDS = List.of("list-sas", "initiate", "terminate", "rekey", "reload", "log-level");

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a key given twice is a mistake, not "last wins"
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CtlProtocol() {}

    // ---- framing

    /**
     * Reads one line of at most {@code max} bytes, its newline included; returns it without the newline.
     *
     * @throws CtlProtocolException when the line is longer, or the stream ends before its newline
     */
    public static byte[] readLine(InputStream in, int max) throws IOException, CtlProtocolException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[Math.min(max, 8192)];
        while (true) {
            int n = in.read(buffer, 0, Math.min(buffer.length, max - line.size()));
            if (n < 0) {
                throw new CtlProtocolException(line.size() == 0 ? "the connection ended before a line came"
                        : "the line did not end (no newline before the connection ended)");
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    if (i + 1 < n) throw new CtlProtocolException("one line per connection: bytes followed the newline");
                    line.write(buffer, 0, i);
                    return line.toByteArray();
                }
            }
            line.write(buffer, 0, n);
            if (line.size() >= max) throw new CtlProtocolException("the line is longer than " + max + " bytes");
        }
    }

    // ---- requests

    public static byte[] encode(CtlRequest request) {
        ObjectNode o = JSON.createObjectNode().put("command", request.command());
        switch (request) {
            case CtlRequest.Initiate r -> o.put("tunnel", r.tunnel());
            case CtlRequest.Terminate r -> o.put("tunnel", r.tunnel());
            case CtlRequest.Rekey r -> o.put("tunnel", r.tunnel()).put("sa", r.scope().wire());
            case CtlRequest.SetLogLevel r -> o.put("level", r.level());
            case CtlRequest.ListSas r -> {}
            case CtlRequest.Reload r -> {}
            case CtlRequest.ShowLogLevel r -> {}
        }
        return line(o);
    }

    public static CtlRequest decodeRequest(byte[] line) throws CtlProtocolException {
        JsonNode root = parse(line, "request");
        String command = string(root, "command", true);
        return switch (command) {
            case "list-sas" -> {
                only(root, command, Set.of());
                yield new CtlRequest.ListSas();
            }
            case "initiate" -> {
                only(root, command, Set.of("tunnel"));
                yield new CtlRequest.Initiate(tunnel(root));
            }
            case "terminate" -> {
                only(root, command, Set.of("tunnel"));
                yield new CtlRequest.Terminate(tunnel(root));
            }
            case "rekey" -> {
                only(root, command, Set.of("tunnel", "sa"));
                String tunnel = tunnel(root);
                String sa = string(root, "sa", false);
                CtlRequest.Rekey.Scope scope = switch (sa == null ? "child" : sa) {
                    case "child" -> CtlRequest.Rekey.Scope.CHILD;
                    case "ike" -> CtlRequest.Rekey.Scope.IKE;
                    default -> throw new CtlProtocolException("sa: must be \"ike\" or \"child\", not " + quote(sa));
                };
                yield new CtlRequest.Rekey(tunnel, scope);
            }
            case "reload" -> {
                only(root, command, Set.of());
                yield new CtlRequest.Reload();
            }
            case "log-level" -> {
                only(root, command, Set.of("level"));
                String level = string(root, "level", false);
                if (level == null) yield new CtlRequest.ShowLogLevel();
                String upper = level.toUpperCase(Locale.ROOT);
                if (!AgentLogging.LEVELS.contains(upper)) {
                    throw new CtlProtocolException("level: must be one of " + AgentLogging.LEVELS + ", not " + quote(level));
                }
                yield new CtlRequest.SetLogLevel(upper);
            }
            default -> throw new CtlProtocolException("command: unknown command " + quote(command) + "; one of " + COMMANDS);
        };
    }

    private static String tunnel(JsonNode root) throws CtlProtocolException {
        String name = string(root, "tunnel", true);
        if (name.length() > MAX_TUNNEL_NAME) throw new CtlProtocolException("tunnel: longer than " + MAX_TUNNEL_NAME + " characters");
        // The name goes into the agent's log and messages: no line breaks or terminal escapes through it.
        if (name.chars().anyMatch(Character::isISOControl)) throw new CtlProtocolException("tunnel: contains control characters");
        return name;
    }

    private static void only(JsonNode root, String command, Set<String> fields) throws CtlProtocolException {
        for (Iterator<String> names = root.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("command") && !fields.contains(name)) {
                throw new CtlProtocolException(quote(name) + ": not a field of " + command
                        + (fields.isEmpty() ? ", which takes none" : ", which takes " + fields.stream().sorted().toList()));
            }
        }
    }

    // ---- responses

    public static byte[] encode(CtlResponse response) {
        ObjectNode o = JSON.createObjectNode();
        switch (response) {
            case CtlResponse.Done d -> o.put("ok", true).put("message", d.message());
            case CtlResponse.Sas s -> o.put("ok", true).set("tunnels", JSON.valueToTree(s.listing().tunnels()));
            case CtlResponse.Failed f -> o.put("ok", false).put("error", f.error());
        }
        return line(o);
    }

    /** The agent runs as root and is trusted; still, what does not parse is an error, not a crash of the CLI. */
    public static CtlResponse decodeResponse(byte[] line) throws CtlProtocolException {
        JsonNode root = parse(line, "response");
        JsonNode ok = root.get("ok");
        if (ok == null || !ok.isBoolean()) throw new CtlProtocolException("ok: must be true or false");
        if (!ok.booleanValue()) return new CtlResponse.Failed(string(root, "error", true));
        if (root.has("tunnels")) {
            try {
                return new CtlResponse.Sas(new SaListing(List.of(JSON.treeToValue(root.get("tunnels"), SaListing.Tunnel[].class))));
            } catch (JacksonException e) {
                throw new CtlProtocolException("tunnels: " + e.getMessage());
            }
        }
        return new CtlResponse.Done(string(root, "message", true));
    }

    // ---- shared

    private static JsonNode parse(byte[] line, String what) throws CtlProtocolException {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new CtlProtocolException("not a JSON " + what + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new CtlProtocolException("a " + what + " is one JSON object");
        return root;
    }

    private static String string(JsonNode root, String field, boolean required) throws CtlProtocolException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new CtlProtocolException(field + ": required");
            return null;
        }
        if (!v.isString() || v.stringValue().isEmpty()) throw new CtlProtocolException(field + ": must be a non-empty string");
        return v.stringValue();
    }

    private static byte[] line(ObjectNode o) {
        byte[] json = JSON.writeValueAsBytes(o);
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = '\n';
        return out;
    }

    /** A string from the other side, quoted for a message: shortened, control characters escaped. */
    static String quote(String s) {
        String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) out.append("\\u%04x".formatted(c));
            else out.appendCodePoint(c);
        });
        return out.append('\'').toString();
    }
}
