package net.vpnaas.api.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.util.PGobject;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed reads of one column of a JDBC row, for the views' {@code fromRow} (see {@link ViewReads}),
 * and the jsonb parameters of a {@link NewRow}.
 */
public final class Columns {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectReader STRING_MAP = JSON.readerFor(new TypeReference<Map<String, String>>() {});
    private static final ObjectReader STRING_LIST = JSON.readerFor(new TypeReference<List<String>>() {});

    private Columns() {}

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A jsonb object of strings, e.g. labels; most resources have none, so "{}" skips the parser. */
    public static Map<String, String> stringMap(ResultSet rs, String column) throws SQLException {
        String json = rs.getString(column);
        return "{}".equals(json) ? Map.of() : STRING_MAP.readValue(json);
    }

    /** A jsonb value as a tree, for columns whose shape varies (an audit event's changes). */
    public static JsonNode jsonTree(ResultSet rs, String column) throws SQLException {
        return JSON.readTree(rs.getString(column));
    }

    /** {@code value} as a jsonb parameter: typed, so the statement needs no cast. */
    public static PGobject jsonb(Object value) {
        try {
            var json = new PGobject();
            json.setType("jsonb");
            json.setValue(JSON.writeValueAsString(value));
            return json;
        } catch (SQLException e) {
            throw new IllegalStateException(e); // setValue of a plain PGobject does not parse, so never throws
        }
    }

    /** A jsonb array of strings, e.g. addresses, proposals or traffic selectors. */
    public static List<String> stringList(ResultSet rs, String column) throws SQLException {
        return List.copyOf(STRING_LIST.<List<String>>readValue(rs.getString(column)));
    }
}
