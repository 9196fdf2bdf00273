package net.vpnaas.api.support;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.repository.NoRepositoryBean;

/** Lookups every tenant-owned resource needs; always scoped by tenant, so no query crosses tenants. */
@NoRepositoryBean
public interface TenantOwnedRepository<E extends TenantOwnedEntity> extends JpaRepository<E, UUID> {
    Optional<E> findByIdAndTenantId(UUID id, UUID tenantId);

    long countByTenantId(UUID tenantId);
}
