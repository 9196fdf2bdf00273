package net.vpnaas.api.support;

import jakarta.persistence.QueryHint;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.NoRepositoryBean;

/** Lookups every tenant-owned resource needs; always scoped by tenant, so no query crosses tenants. */
@NoRepositoryBean
public interface TenantOwnedRepository<E extends TenantOwnedEntity> extends JpaRepository<E, UUID> {
    Optional<E> findByIdAndTenantId(UUID id, UUID tenantId);

    /**
     * The same row for a view, loaded read-only: a read runs outside a transaction (see
     * {@link net.vpnaas.api.web.ResourceService}), and Hibernate would otherwise keep a copy of
     * each loaded entity for dirty checking, a JSON round trip of its labels per row, only to
     * discard it when the call returns.
     */
    @QueryHints(@QueryHint(name = HibernateHints.HINT_READ_ONLY, value = "true"))
    Optional<E> findReadOnlyByIdAndTenantId(UUID id, UUID tenantId);

    long countByTenantId(UUID tenantId);
}
