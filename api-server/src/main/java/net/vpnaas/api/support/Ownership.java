package net.vpnaas.api.support;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Whether a tenant owns a resource named in a request body (a tunnel's gateway, peer, policy). */
@Component
public class Ownership {
    private final JdbcClient jdbc;

    Ownership(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean owns(UUID tenantId, ResourceType type, UUID id) {
        String table = switch (type) {
            case GATEWAY -> "gateway";
            case PEER -> "peer";
            case CRYPTO_POLICY -> "crypto_policy";
            default -> throw new IllegalArgumentException("not referenced by tunnels: " + type);
        };
        return jdbc.sql("select exists(select 1 from " + table + " where id = ? and tenant_id = ?)")
                .params(id, tenantId).query(Boolean.class).single();
    }
}
