package net.vpnaas.api.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.vpnaas.model.validation.Violation;
import org.hibernate.exception.ConstraintViolationException;
import org.postgresql.util.PSQLException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Names are unique per tenant (per MSP for child tenants) by UNIQUE constraints, and the services
 * let PostgreSQL enforce them instead of asking first: a lookup before every write costs a round
 * trip and still races with a concurrent write of the same name. This turns the violated
 * constraint back into the answer a client can act on, 409 naming the field.
 */
final class DuplicateNames {
    private record Conflict(String field, String detail, String reason) {}

    /** PostgreSQL's default names for {@code UNIQUE (tenant_id, name)} and {@code UNIQUE (parent_id, name)}. */
    private static final Map<String, Conflict> BY_CONSTRAINT = Map.of(
            "tenant_parent_id_name_key", new Conflict("name", "a sibling tenant with this name exists",
                    "already used by another child tenant of this MSP"),
            "gateway_tenant_id_name_key", forResource("gateway"),
            "peer_tenant_id_name_key", forResource("peer"),
            "crypto_policy_tenant_id_name_key", forResource("crypto policy"),
            "tunnel_tenant_id_name_key", forResource("tunnel"),
            "remote_access_endpoint_tenant_id_name_key", forResource("remote-access endpoint"),
            // an email signs in without naming a tenant, so it is unique across the service
            "users_email_key", new Conflict("email", "a user with this email exists", "already used by another user"));

    private DuplicateNames() {}

    private static Conflict forResource(String resource) {
        return new Conflict("name", "a " + resource + " with this name exists", "already used by another " + resource + " of this tenant");
    }

    /** The conflict when {@code e} is a name's UNIQUE constraint, else empty. */
    static Optional<ApiException> of(DataIntegrityViolationException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String constraint = constraintName(t);
            if (constraint != null) {
                return Optional.ofNullable(BY_CONSTRAINT.get(constraint))
                        .map(conflict -> new ApiException(ProblemType.CONFLICT, conflict.detail(),
                                List.of(new Violation(conflict.field(), conflict.reason()))));
            }
        }
        return Optional.empty();
    }

    /** As Hibernate reports it (writes through JPA) or as PostgreSQL does (creates with plain JDBC). */
    private static String constraintName(Throwable t) {
        if (t instanceof ConstraintViolationException c) {
            return c.getConstraintName();
        }
        if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getConstraint();
        }
        return null;
    }
}
