package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.NewRow;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.model.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit events are written with plain JDBC inside the JPA transaction of the change they record; a
 * created row and its event are one statement.
 */
class AuditLogTest extends ApiTestBase {
    @Autowired
    AuditLog audit;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void anEventCommitsOnlyWithItsTransaction() {
        UUID tenant = UUID.fromString(newTenant("customer").id());
        Caller caller = new Caller(new Caller.ApiKey(UUID.randomUUID()), tenant, Role.ADMIN, tenant);
        UUID resource = UUID.randomUUID();
        long before = events(resource);

        transactions.executeWithoutResult(tx -> {
            audit.record(caller, ResourceType.PEER, resource, "update", Map.of("note", "rolled back"));
            assertThat(events(resource)).as("visible inside its transaction").isEqualTo(before + 1);
            tx.setRollbackOnly();
        });
        assertThat(events(resource)).as("gone with the rollback").isEqualTo(before);

        assertThatThrownBy(() -> audit.record(caller, ResourceType.PEER, resource, "update", Map.of()))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(events(resource)).isEqualTo(before);
    }

    @Test
    void aCreatedRowAndItsEventAreOneStatementThatJoinsAnOpenTransaction() {
        UUID tenant = UUID.fromString(newTenant("customer").id());
        Caller caller = new Caller(new Caller.ApiKey(UUID.randomUUID()), tenant, Role.ADMIN, tenant);

        NewRow rolledBack = gatewayRow(tenant, "rolled-back");
        transactions.executeWithoutResult(tx -> {
            audit.insertCreated(caller, ResourceType.GATEWAY, rolledBack, Map.of("name", "rolled-back"));
            assertThat(gateways(rolledBack.id()) + events(rolledBack.id())).as("visible inside the transaction").isEqualTo(2);
            tx.setRollbackOnly();
        });
        assertThat(gateways(rolledBack.id()) + events(rolledBack.id())).as("gone with the rollback").isZero();

        NewRow committed = gatewayRow(tenant, "committed");
        audit.insertCreated(caller, ResourceType.GATEWAY, committed, Map.of("name", "committed"));
        assertThat(gateways(committed.id())).as("no transaction needed").isEqualTo(1);
        assertThat(jdbc.queryForObject("select action || ' ' || (changes->'after'->>'name') from audit_event where resource_id = ?",
                String.class, committed.id())).isEqualTo("gateway.create committed");

        NewRow sameName = gatewayRow(tenant, "committed");
        assertThatThrownBy(() -> audit.insertCreated(caller, ResourceType.GATEWAY, sameName, Map.of()))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(events(sameName.id())).as("no event for a row that was refused").isZero();
    }

    private static NewRow gatewayRow(UUID tenant, String name) {
        UUID id = UUID.randomUUID();
        var columns = new LinkedHashMap<String, Object>();
        columns.put("id", id);
        columns.put("tenant_id", tenant);
        columns.put("name", name);
        columns.put("labels", Columns.jsonb(Map.of()));
        columns.put("public_addresses", Columns.jsonb(List.of("192.0.2.1")));
        columns.put("version", 0L);
        columns.put("created_at", OffsetDateTime.now());
        columns.put("updated_at", OffsetDateTime.now());
        return new NewRow("gateway", columns);
    }

    private long gateways(UUID id) {
        return jdbc.queryForObject("select count(*) from gateway where id = ?", Long.class, id);
    }

    @Test
    void anOptionalFieldRemovedByAnUpdateIsRecorded() {
        ApiClient api = newTenant("customer").admin();
        Resources r = createResources(api);
        Map<String, Object> withoutPfs = with(policyBody(unique("pol")), "pfsGroup", null);
        assertThat(api.put("/v1/crypto-policies/" + r.policyId(), withoutPfs).status()).isEqualTo(200);

        JsonNode update = api.get("/v1/audit-events?resourceId=" + r.policyId()).json().get("items").get(1);
        assertThat(update.get("action").asText()).isEqualTo("crypto_policy.update");
        JsonNode pfs = update.get("changes").get("changed").get("pfsGroup");
        assertThat(pfs.get("from").asText()).isEqualTo("x25519");
        assertThat(pfs.get("to").isNull()).isTrue();
    }

    private long events(UUID resource) {
        return jdbc.queryForObject("select count(*) from audit_event where resource_id = ?", Long.class, resource);
    }
}
