package net.vpnaas.api.audit;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.support.Ids;
import net.vpnaas.api.support.NewRow;
import net.vpnaas.api.support.ViewReads;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit_event table, with plain JDBC: rows are written once, in the transaction of the change
 * they record (JdbcClient joins the JPA transaction's connection), and never changed. Through JPA
 * each insert cost a managed entity, a deep copy of its JSON for the dirty check and a flush: a
 * third of what a create spent in Hibernate.
 */
@Repository
class AuditEvents {
    private static final String SELECT = "select " + AuditEventView.COLUMNS + " from audit_event ";
    private static final String INSERT = """
            insert into audit_event (id, tenant_id, api_key_id, user_id, action, resource_type, resource_id, occurred_at, changes)
            values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))""";

    private final JdbcClient jdbc;
    private final ViewReads<AuditEventView> reads;

    AuditEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.reads = new ViewReads<>(jdbc, "audit_event", AuditEventView.COLUMNS, AuditEventView::fromRow);
    }

    void insert(UUID tenantId, Caller.Principal actor, String action, String resourceType, UUID resourceId, String changesJson) {
        jdbc.sql(INSERT).params(eventValues(tenantId, actor, action, resourceType, resourceId, changesJson)).update();
    }

    /**
     * Inserts {@code row} and its event in one statement (the row's insert runs as a data-modifying
     * WITH): atomic without a transaction, in one round trip to PostgreSQL.
     */
    void insertWithRow(NewRow row, UUID tenantId, Caller.Principal actor, String action, String resourceType, String changesJson) {
        List<Object> values = row.values();
        values.addAll(eventValues(tenantId, actor, action, resourceType, row.id(), changesJson));
        jdbc.sql("with row_insert as (" + row.insertSql() + ") " + INSERT).params(values).update();
    }

    private static List<Object> eventValues(UUID tenantId, Caller.Principal actor, String action, String resourceType,
                                            UUID resourceId, String changesJson) {
        OffsetDateTime now = Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        // typed: an untyped null would make the driver ask the server for its type
        var apiKeyId = new SqlParameterValue(Types.OTHER, actor instanceof Caller.ApiKey k ? k.id() : null);
        var userId = new SqlParameterValue(Types.OTHER, actor instanceof Caller.User u ? u.id() : null);
        return List.of(Ids.newId(), tenantId, apiKeyId, userId, action, resourceType, resourceId, now, changesJson);
    }

    Optional<AuditEventView> find(UUID tenantId, UUID id) {
        return reads.find(tenantId, id);
    }

    /** Oldest first, at most {@code fetchSize} rows (one more than the page, see PageRequest#fetchSize()). */
    List<AuditEventView> page(UUID tenantId, UUID after, String resourceType, UUID resourceId, int fetchSize) {
        // typed: an untyped null would make the driver ask the server for its type
        var type = new SqlParameterValue(Types.VARCHAR, resourceType);
        var resource = new SqlParameterValue(Types.OTHER, resourceId);
        return jdbc.sql(SELECT + """
                        where tenant_id = ? and id > ?
                          and (cast(? as text) is null or resource_type = ?)
                          and (cast(? as uuid) is null or resource_id = ?)
                        order by id limit ?""")
                .params(tenantId, after, type, type, resource, resource, fetchSize)
                .query(AuditEventView::fromRow).list();
    }
}
