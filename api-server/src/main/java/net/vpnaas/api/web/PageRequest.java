package net.vpnaas.api.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import net.vpnaas.api.support.ResourceType;

/**
 * One page of a keyset-paginated list: at most {@code limit} items with ids after {@code after}.
 * The cursor handed to clients is opaque (base64url of the resource kind and the last id), so a
 * cursor of one listing is refused by another.
 */
public record PageRequest(int limit, UUID after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    /** Lower than every version-7 UUID: the start of every listing. */
    private static final UUID START = new UUID(0, 0);

    public static PageRequest of(Integer limit, String cursor, ResourceType type) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, cursor == null ? START : decode(cursor, type));
    }

    public static String encode(ResourceType type, UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((type.wireName() + ":" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    private static UUID decode(String cursor, ResourceType type) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String prefix = type.wireName() + ":";
            if (text.startsWith(prefix)) {
                String id = text.substring(prefix.length());
                UUID uuid = UUID.fromString(id);
                if (uuid.toString().equals(id)) {
                    return uuid;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same answer as any other unreadable cursor
        }
        throw ApiException.badRequest("cursor", "is not a cursor returned by this listing");
    }

    /** Repositories fetch one extra row to learn whether another page exists. */
    public int fetchSize() {
        return limit + 1;
    }
}
