package net.vpnaas.api.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.support.ResourceType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records mutations in the caller's transaction (MANDATORY: an audit event never commits without
 * its change, nor a change without its event). The summary is computed from the public views of
 * the resource, which hold no secrets; a changed secret is named, never shown.
 */
@Service
public class AuditLog {
    /** Bookkeeping fields that change with every write and say nothing about the change. */
    private static final Set<String> BOOKKEEPING = Set.of("id", "tenantId", "version", "createdAt", "updatedAt", "configRevision");

    private final AuditEventRepository repository;
    private final JsonMapper mapper;

    AuditLog(AuditEventRepository repository, JsonMapper mapper) {
        this.repository = repository;
        this.mapper = mapper;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void created(Caller caller, ResourceType type, UUID id, Object view) {
        record(caller, type, id, "create", Map.of("after", publicFields(view)));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void updated(Caller caller, ResourceType type, UUID id, Object before, Object after, List<String> secretsChanged) {
        Map<String, Object> from = publicFields(before);
        Map<String, Object> to = publicFields(after);
        Map<String, Object> changed = new LinkedHashMap<>();
        to.forEach((field, value) -> {
            Object old = from.get(field);
            if (!java.util.Objects.equals(old, value)) {
                var diff = new LinkedHashMap<String, Object>();
                diff.put("from", old);
                diff.put("to", value);
                changed.put(field, diff);
            }
        });
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
        repository.save(new AuditEventEntity(caller.tenantId(), caller.apiKeyId(),
                type.wireName() + "." + verb, type.wireName(), id, changes));
    }

    private Map<String, Object> publicFields(Object view) {
        JsonNode tree = mapper.valueToTree(view);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (var entry : tree.properties()) {
            if (!BOOKKEEPING.contains(entry.getKey())) {
                fields.put(entry.getKey(), mapper.treeToValue(entry.getValue(), Object.class));
            }
        }
        return fields;
    }
}
