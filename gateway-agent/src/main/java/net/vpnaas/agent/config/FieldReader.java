package net.vpnaas.agent.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.vpnaas.model.validation.Violation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads the fields of one JSON object as the JSON types the file format gives them, recording a
 * violation with the field's full path for every value of the wrong type instead of stopping at
 * the first; what the values mean is tenant-model's to judge. An absent (or null) field reads as
 * null, as does a mistyped one. Fields never asked for are reported by {@link #rejectUnknown()},
 * so a typo ("espProposal") is an error rather than a silently ignored setting.
 */
final class FieldReader {

    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final JsonNode node;
    private final String path;
    private final List<Violation> errors;
    private final Set<String> known = new HashSet<>();

    private FieldReader(JsonNode node, String path, List<Violation> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    static FieldReader root(JsonNode node, List<Violation> errors) {
        if (!node.isObject()) errors.add(new Violation("(root)", "must be a JSON object"));
        return new FieldReader(node, "", errors);
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void error(String key, String message) {
        errors.add(new Violation(pathOf(key), message));
    }

    private JsonNode field(String key) {
        known.add(key);
        JsonNode v = node.isObject() ? node.get(key) : null;
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String key) {
        return field(key) != null;
    }

    String string(String key) {
        JsonNode v = field(key);
        if (v == null) return null;
        if (!v.isString()) {
            error(key, "must be a string");
            return null;
        }
        return v.stringValue();
    }

    Integer integer(String key) {
        JsonNode v = field(key);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            error(key, "must be an integer");
            return null;
        }
        return v.intValue();
    }

    Boolean bool(String key) {
        JsonNode v = field(key);
        if (v == null) return null;
        if (!v.isBoolean()) {
            error(key, "must be true or false");
            return null;
        }
        return v.booleanValue();
    }

    /** An array of strings; null when absent or when it or an item has the wrong type. */
    List<String> strings(String key) {
        JsonNode v = field(key);
        if (v == null) return null;
        if (!v.isArray()) {
            error(key, "must be an array of strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isString()) {
                errors.add(new Violation(pathOf(key) + "[" + i + "]", "must be a string"));
            } else {
                out.add(v.get(i).stringValue());
            }
        }
        return out.size() == v.size() ? out : null;
    }

    /** An object of string values (labels); null when absent or mistyped. */
    Map<String, String> stringMap(String key) {
        FieldReader r = object(key);
        if (r == null) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : r.node.propertyNames()) {
            String value = r.string(name);
            if (value == null) return null;
            out.put(name, value);
        }
        return out;
    }

    /** Null when absent or not an object. */
    FieldReader object(String key) {
        JsonNode v = field(key);
        if (v == null) return null;
        if (!v.isObject()) {
            error(key, "must be a JSON object");
            return null;
        }
        return new FieldReader(v, pathOf(key), errors);
    }

    /**
     * Elements of an array of objects; absent means empty. An element that is no object reads as an
     * empty one, so the elements after it keep their index.
     */
    List<FieldReader> objects(String key) {
        JsonNode v = field(key);
        if (v == null) return List.of();
        if (!v.isArray()) {
            error(key, "must be an array");
            return List.of();
        }
        List<FieldReader> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String p = pathOf(key) + "[" + i + "]";
            if (!v.get(i).isObject()) errors.add(new Violation(p, "must be a JSON object"));
            out.add(new FieldReader(v.get(i).isObject() ? v.get(i) : EMPTY, p, errors));
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
