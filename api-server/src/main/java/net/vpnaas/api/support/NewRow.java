package net.vpnaas.api.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * A row to insert, by column name in insert order; built by an entity (see
 * {@link TenantOwnedEntity#newRow()}) and written by {@code AuditLog.insertCreated} together with
 * its audit event. jsonb values are passed as {@link Columns#jsonb} parameters.
 */
public record NewRow(String table, Map<String, Object> columns) {

    public NewRow {
        if (!(columns.get("id") instanceof UUID)) {
            throw new IllegalArgumentException("a new row of " + table + " needs its id");
        }
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public UUID id() {
        return (UUID) columns.get("id");
    }

    /**
     * {@code insert into table (a, b) values (?, ?)}: the same text for every row of a table, so
     * the driver's statement cache keeps it.
     */
    public String insertSql() {
        var names = new StringJoiner(", ");
        var marks = new StringJoiner(", ");
        for (String column : columns.keySet()) {
            names.add(column);
            marks.add("?");
        }
        return "insert into " + table + " (" + names + ") values (" + marks + ")";
    }

    /** The values in column order, in a list the caller may extend. */
    public List<Object> values() {
        return new ArrayList<>(columns.values());
    }
}
