package net.vpnaas.agent.qkd;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import net.vpnaas.ike.qkd.QkdKey;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of ETSI GS QKD 014 v1.1.1 section 6: the Key container a KME answers {@code enc_keys} and
 * {@code dec_keys} with ({@code {"keys":[{"key_ID":"<UUID>","key":"<base64>"}]}}, extensions
 * ignored), the Error body ({@code {"message":...}}), and the requests we send. What a KME sends is
 * untrusted input: anything but that shape is refused with {@link MalformedKmeJsonException}, never
 * another exception (KmeJsonFuzzTest holds it to that).
 */
public final class KmeJson {
    /** More than a KME would send for the few keys we ask for at once; bounds the work on a hostile answer. */
    public static final int MAX_KEYS = 128;
    /** ETSI GS QKD 014 sizes are in bits; a key longer than this is not one we asked for. */
    public static final int MAX_KEY_BYTES = 1024;

    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private KmeJson() {}

    /** The answer is not ETSI GS QKD 014 JSON of the expected kind. */
    public static final class MalformedKmeJsonException extends Exception {
        MalformedKmeJsonException(String message) {
            super(message);
        }
    }

    /** The keys of a Key container, in order. */
    public static List<QkdKey> keys(byte[] body) throws MalformedKmeJsonException {
        JsonNode root = tree(body);
        JsonNode keys = root.get("keys");
        if (!(keys instanceof ArrayNode array)) throw new MalformedKmeJsonException("Key container without a \"keys\" array");
        if (array.size() > MAX_KEYS) throw new MalformedKmeJsonException("Key container with " + array.size() + " keys");
        List<QkdKey> out = new ArrayList<>();
        for (JsonNode k : array) {
            if (!(k instanceof ObjectNode)) throw new MalformedKmeJsonException("a key that is not an object");
            out.add(new QkdKey(keyId(k.get("key_ID")), key(k.get("key"))));
        }
        return out;
    }

    /** The message of an Error body, or null when the body is none (a KME may answer an error with anything). */
    public static String errorMessage(byte[] body) {
        try {
            JsonNode message = tree(body).get("message");
            return message != null && message.isString() ? message.stringValue() : null;
        } catch (MalformedKmeJsonException e) {
            return null;
        }
    }

    /** The request body of {@code enc_keys} (POST form, section 5.2): number of keys and their size in bits. */
    public static byte[] encKeysRequest(int number, int sizeBits) {
        ObjectNode o = JSON.createObjectNode();
        o.put("number", number);
        o.put("size", sizeBits);
        return JSON.writeValueAsBytes(o);
    }

    /** The request body of {@code dec_keys} (POST form, section 5.3): the key IDs wanted. */
    public static byte[] decKeysRequest(List<UUID> ids) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode a = o.putArray("key_IDs");
        ids.forEach(id -> a.addObject().put("key_ID", id.toString()));
        return JSON.writeValueAsBytes(o);
    }

    static JsonNode tree(byte[] body) throws MalformedKmeJsonException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedKmeJsonException("not JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode)) throw new MalformedKmeJsonException("not a JSON object");
        return root;
    }

    private static UUID keyId(JsonNode id) throws MalformedKmeJsonException {
        if (id == null || !id.isString()) throw new MalformedKmeJsonException("a key without a key_ID string");
        String text = id.stringValue();
        // UUID.fromString accepts shortened groups ("1-2-3-4-5"); the specification's key_ID is the canonical form.
        if (!text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new MalformedKmeJsonException("key_ID '" + abbreviate(text) + "' is not a UUID");
        }
        return UUID.fromString(text);
    }

    private static byte[] key(JsonNode key) throws MalformedKmeJsonException {
        if (key == null || !key.isString()) throw new MalformedKmeJsonException("a key without a key string");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key.stringValue());
        } catch (IllegalArgumentException e) {
            throw new MalformedKmeJsonException("a key that is not base64: " + e.getMessage());
        }
        if (bytes.length == 0 || bytes.length > MAX_KEY_BYTES) {
            throw new MalformedKmeJsonException("a key of " + bytes.length + " bytes (1 to " + MAX_KEY_BYTES + ")");
        }
        return bytes;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
