package net.vpnaas.api.support;

import java.util.Optional;
import java.util.UUID;
import net.vpnaas.model.validation.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tunnels and remote-access endpoints become connections of a gateway's engine by name, so a
 * tenant's tunnel may not share a name with its endpoint (the agent would refuse the snapshot).
 * Each table's UNIQUE constraint covers its own names; this covers the pair.
 */
@Component
public class ConnectionNames {
    private final JdbcClient jdbc;

    ConnectionNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A violation of {@code name} when a tunnel of the tenant has it, for a remote-access endpoint. */
    public Optional<Violation> takenByTunnel(UUID tenantId, String name) {
        return taken("tunnel", tenantId, name, "is the name of a tunnel");
    }

    /** A violation of {@code name} when a remote-access endpoint of the tenant has it, for a tunnel. */
    public Optional<Violation> takenByRemoteAccessEndpoint(UUID tenantId, String name) {
        return taken("remote_access_endpoint", tenantId, name, "is the name of a remote-access endpoint");
    }

    private Optional<Violation> taken(String table, UUID tenantId, String name, String detail) {
        if (name == null) return Optional.empty();
        // table names come from the methods above, never from input
        boolean taken = jdbc.sql("select exists(select 1 from " + table + " where tenant_id = ? and name = ?)")
                .params(tenantId, name).query(Boolean.class).single();
        return taken ? Optional.of(new Violation("name", detail + "; a gateway runs tunnels and remote-access endpoints"
                + " as connections by name")) : Optional.empty();
    }
}
