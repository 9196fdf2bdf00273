package net.vpnaas.agent.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads the fields of one JSON object, recording a {@link ConfigError} with the field's full path
 * for every missing, mistyped or out-of-range value instead of stopping at the first. Fields never
 * asked for are reported by {@link #rejectUnknown()}, so a typo ("espProposal") is an error rather
 * than a silently ignored setting. A getter whose field is bad returns null (or the default); the
 * loader throws before such a value can reach a config record.
 */
final class FieldReader {

    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final JsonNode node;
    private final String path;
    private final List<ConfigError> errors;
    private final Set<String> known = new HashSet<>();

    private FieldReader(JsonNode node, String path, List<ConfigError> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    static FieldReader root(JsonNode node, List<ConfigError> errors) {
        if (!node.isObject()) errors.add(new ConfigError("(root)", "must be a JSON object"));
        return new FieldReader(node, "", errors);
    }

    String path() {
        return path.isEmpty() ? "(root)" : path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void error(String key, String message) {
        errors.add(new ConfigError(pathOf(key), message));
    }

    private JsonNode field(String key) {
        known.add(key);
        JsonNode v = node.isObject() ? node.get(key) : null;
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String key) {
        return field(key) != null;
    }

    String requiredString(String key) {
        JsonNode v = field(key);
        if (v == null) {
            error(key, "is required");
            return null;
        }
        return string(key, v);
    }

    /** Null when absent. */
    String optionalString(String key) {
        JsonNode v = field(key);
        return v == null ? null : string(key, v);
    }

    private String string(String key, JsonNode v) {
        if (!v.isString()) {
            error(key, "must be a string");
            return null;
        }
        if (v.stringValue().isBlank()) {
            error(key, "must not be empty");
            return null;
        }
        return v.stringValue();
    }

    long optionalLong(String key, long defaultValue, long min, long max) {
        JsonNode v = field(key);
        if (v == null) return defaultValue;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            error(key, "must be an integer from " + min + " to " + max);
            return defaultValue;
        }
        return v.longValue();
    }

    boolean optionalBoolean(String key, boolean defaultValue) {
        JsonNode v = field(key);
        if (v == null) return defaultValue;
        if (!v.isBoolean()) {
            error(key, "must be true or false");
            return defaultValue;
        }
        return v.booleanValue();
    }

    /** A non-empty array of non-empty strings; empty list (plus an error) when it is not. */
    List<String> requiredStringList(String key) {
        JsonNode v = field(key);
        if (v == null || !v.isArray() || v.isEmpty()) {
            error(key, "is required: a non-empty array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isString() || item.stringValue().isBlank()) {
                errors.add(new ConfigError(pathOf(key) + "[" + i + "]", "must be a non-empty string"));
            } else {
                out.add(item.stringValue());
            }
        }
        return out;
    }

    FieldReader requiredObject(String key) {
        JsonNode v = field(key);
        if (v == null || !v.isObject()) {
            error(key, "is required: a JSON object");
            // Its fields' own "is required" errors would only repeat this one: collect them nowhere.
            return new FieldReader(EMPTY, pathOf(key), new ArrayList<>());
        }
        return new FieldReader(v, pathOf(key), errors);
    }

    /** Null when absent. */
    FieldReader optionalObject(String key) {
        JsonNode v = field(key);
        if (v == null) return null;
        if (!v.isObject()) {
            error(key, "must be a JSON object");
            return null;
        }
        return new FieldReader(v, pathOf(key), errors);
    }

    /** The names of this object's fields, in file order. */
    List<String> fieldNames() {
        return node.isObject() ? List.copyOf(node.propertyNames()) : List.of();
    }

    /** Elements of an array of objects; absent means empty. */
    List<FieldReader> objectList(String key) {
        JsonNode v = field(key);
        if (v == null) return List.of();
        if (!v.isArray()) {
            error(key, "must be an array");
            return List.of();
        }
        List<FieldReader> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String p = pathOf(key) + "[" + i + "]";
            if (!v.get(i).isObject()) errors.add(new ConfigError(p, "must be a JSON object"));
            else out.add(new FieldReader(v.get(i), p, errors));
        }
        return out;
    }

    /** Call after reading every field this object may have. */
    void rejectUnknown() {
        if (!node.isObject()) return;
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) error(name, "unknown field");
        }
    }
}
