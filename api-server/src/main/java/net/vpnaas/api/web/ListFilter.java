package net.vpnaas.api.web;

import java.util.List;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Filters of a listing: an exact {@code name} and any number of {@code label=key:value}, all of
 * which must match. Labels become a jsonb containment document ({@code labels @> ...}).
 */
public record ListFilter(String name, String labelsJson) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public static ListFilter of(String name, List<String> labels) {
        var wanted = new TreeMap<String, String>();
        if (labels != null) {
            for (String l : labels) {
                int colon = l.indexOf(':');
                if (colon <= 0) {
                    throw ApiException.badRequest("label", "must be key:value");
                }
                wanted.put(l.substring(0, colon), l.substring(colon + 1));
            }
        }
        if (name != null && name.isEmpty()) {
            throw ApiException.badRequest("name", "must not be empty");
        }
        return new ListFilter(name, MAPPER.writeValueAsString(wanted));
    }

    /** Whether any label was asked for; {@code labelsJson} is then more than {@code {}}. */
    public boolean byLabels() {
        return !labelsJson.equals("{}");
    }
}
