package net.vpnaas.api.support;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * openapi/vpn-api.yaml as the tests see it: which operations exist, and a check that a response
 * (status, content type, body) is one the contract declares for the request that produced it.
 * Response schemas are validated as JSON Schema 2020-12, the dialect of OpenAPI 3.1.
 */
public final class OpenApiContract {
    public record Operation(String method, String pathTemplate, Pattern pathPattern, JsonNode node) {}

    private static final OpenApiContract INSTANCE = load();
    private final JsonNode document;
    private final List<Operation> operations;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    private OpenApiContract(JsonNode document) {
        this.document = document;
        this.operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            Pattern pattern = Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+"));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                if (Set.of("get", "put", "post", "patch", "delete").contains(op.getKey())) {
                    operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), pattern, op.getValue()));
                }
            }
        }
    }

    public static OpenApiContract get() {
        return INSTANCE;
    }

    private static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi/vpn-api.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi/vpn-api.yaml is not on the classpath");
            }
            return new OpenApiContract(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    public Set<String> methodAndPathTemplates() {
        Set<String> out = new LinkedHashSet<>();
        operations.forEach(o -> out.add(o.method() + " " + o.pathTemplate()));
        return out;
    }

    public String version() {
        return document.get("openapi").asText();
    }

    /** Fails the test unless the contract declares this response for this request. */
    public void check(String method, String path, int status, String contentType, String body) {
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Operation op = operations.stream()
                .filter(o -> o.method().equals(method) && o.pathPattern().matcher(rawPath).matches())
                .findFirst()
                .orElseGet(() -> fail("the contract has no operation %s %s", method, rawPath));
        JsonNode response = resolve(op.node().path("responses").get(Integer.toString(status)));
        if (response == null) {
            fail("the contract does not declare status %d for %s %s; body: %s", status, method, op.pathTemplate(), body);
        }
        JsonNode content = response.get("content");
        if (content == null) {
            if (body != null && !body.isEmpty()) {
                fail("%s %s %d: the contract declares no body but got: %s", method, op.pathTemplate(), status, body);
            }
            return;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].strip();
        JsonNode media = content.get(mediaType);
        if (media == null) {
            fail("%s %s %d: content type '%s' is not declared (declared: %s)", method, op.pathTemplate(), status,
                    contentType, content.fieldNames().next());
        }
        String key = method + " " + op.pathTemplate() + " " + status + " " + mediaType;
        JsonSchema schema = compiled.computeIfAbsent(key, k -> compile(media.get("schema")));
        JsonNode instance;
        if (!mediaType.endsWith("json")) {
            instance = json.getNodeFactory().textNode(body); // a text body (a peer configuration) is validated as one string
        } else {
            try {
                instance = json.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(key + ": body is not JSON: " + body, e);
            }
        }
        Set<ValidationMessage> errors = schema.validate(instance);
        if (!errors.isEmpty()) {
            fail("%s: response does not match the contract: %s%nbody: %s", key, errors, body);
        }
    }

    private JsonNode resolve(JsonNode node) {
        if (node != null && node.has("$ref")) {
            String[] parts = node.get("$ref").asText().substring(2).split("/");
            JsonNode target = document;
            for (String p : parts) {
                target = target.get(p);
            }
            return target;
        }
        return node;
    }

    /** A schema document holding the response schema and the contract's components, so $refs resolve. */
    private JsonSchema compile(JsonNode schema) {
        ObjectNode root = json.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.get("components"));
        root.putArray("allOf").add(schema);
        return schemas.getSchema(root);
    }
}
