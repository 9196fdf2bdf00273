package net.vpnaas.api.audit;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.support.NewRow;
import net.vpnaas.api.support.ResourceType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records mutations in the caller's transaction (MANDATORY: an audit event never commits without
 * its change, nor a change without its event). The summary is computed from the public views of
 * the resource, which hold no secrets; a changed secret is named, never shown.
 */
@Service
public class AuditLog {
    /** Bookkeeping fields that change with every write and say nothing about the change. */
    private static final Set<String> BOOKKEEPING = Set.of("id", "tenantId", "version", "createdAt", "updatedAt", "configRevision");

    private final AuditEvents events;
    private final JsonMapper mapper;

    AuditLog(AuditEvents events, JsonMapper mapper) {
        this.events = events;
        this.mapper = mapper;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void created(Caller caller, ResourceType type, UUID id, Object view) {
        record(caller, type, id, "create", Map.of("after", publicFields(view)));
    }

    /**
     * Inserts a new resource's row together with its "created" event, in one statement: atomic on
     * its own, so unlike the other records it needs no transaction (it joins one that is open).
     * Through JPA a create took a persist, a flush, the event's insert and a commit, three round
     * trips to PostgreSQL: under bin/bench-api (JFR) creating a peer fell from 27% to 13% of the
     * server's CPU samples with this.
     */
    public void insertCreated(Caller caller, ResourceType type, NewRow row, Object view) {
        events.insertWithRow(row, caller.tenantId(), caller.principal(), type.wireName() + ".create", type.wireName(),
                summary(Map.of("after", publicFields(view))));
    }

    /**
     * Records each field whose value differs, as {@code {"from": ..., "to": ...}}; a field that was
     * set and is now absent (an optional value removed) has {@code "to": null}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void updated(Caller caller, ResourceType type, UUID id, Object before, Object after, List<String> secretsChanged) {
        ObjectNode from = publicFields(before);
        ObjectNode to = publicFields(after);
        Set<String> fields = new LinkedHashSet<>(to.propertyNames());
        fields.addAll(from.propertyNames());
        Map<String, Object> changed = new LinkedHashMap<>();
        for (String field : fields) {
            JsonNode old = from.get(field);
            JsonNode now = to.get(field);
            if (!Objects.equals(old, now)) {
                var diff = new LinkedHashMap<String, JsonNode>();
                diff.put("from", old);
                diff.put("to", now);
                changed.put(field, diff);
            }
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("changed", changed);
        if (!secretsChanged.isEmpty()) {
            changes.put("secretsChanged", secretsChanged);
        }
        record(caller, type, id, "update", changes);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void deleted(Caller caller, ResourceType type, UUID id, Object before) {
        record(caller, type, id, "delete", Map.of("before", publicFields(before)));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Caller caller, ResourceType type, UUID id, String verb, Map<String, Object> changes) {
        events.insert(caller.tenantId(), caller.principal(), type.wireName() + "." + verb, type.wireName(), id, summary(changes));
    }

    private String summary(Map<String, Object> changes) {
        return mapper.writeValueAsString(changes);
    }

    private ObjectNode publicFields(Object view) {
        ObjectNode fields = mapper.valueToTree(view);
        fields.remove(BOOKKEEPING);
        return fields;
    }
}
