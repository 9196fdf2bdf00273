package net.vpnaas.api.support;

import java.util.ArrayList;
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
public record NewRow(String table, UUID id, Map<String, Object> columns) {

    public NewRow {
        columns = new LinkedHashMap<>(columns);
    }

    /** {@code insert into table (a, b) values (?, ?)}: the same text for every row of a table, so the driver's statement cache keeps it. */
    public String insertSql() {
        var names = new StringJoiner(", ");
        var marks = new StringJoiner(", ");
        for (String column : columns.keySet()) {
            names.add(column);
            marks.add("?");
        }
        return "insert into " + table + " (" + names + ") values (" + marks + ")";
    }

    public List<Object> values() {
        return new ArrayList<>(columns.values());
    }
}
