package net.vpnaas.api.tenant;

import jakarta.persistence.QueryHint;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

public interface TenantRepository extends JpaRepository<TenantEntity, UUID> {
    Optional<TenantEntity> findFirstByParentIdIsNull();

    boolean existsByParentId(UUID parentId);

    /** Whether {@code ancestorId} is a strict ancestor of {@code tenantId}: walks up from the tenant. */
    @Query(nativeQuery = true, value = """
            with recursive up(id, parent_id) as (
                select id, parent_id from tenant where id = :tenantId
                union all
                select t.id, t.parent_id from tenant t join up on t.id = up.parent_id
            )
            select exists(select 1 from up where parent_id = :ancestorId)""")
    boolean isStrictDescendant(UUID tenantId, UUID ancestorId);

    /** Rows for views only: read-only, so Hibernate keeps no snapshot of each for a dirty check that never comes. */
    @QueryHints(@QueryHint(name = HibernateHints.HINT_READ_ONLY, value = "true"))
    @Query(nativeQuery = true, value = """
            select * from tenant
            where parent_id = :parentId and id > :after
              and (cast(:name as text) is null or name = :name) and labels @> cast(:labels as jsonb)
            order by id limit :limit""")
    List<TenantEntity> page(UUID parentId, UUID after, String name, String labels, int limit);

    /** Resources that keep a tenant from being deleted (API keys go with it). */
    @Query(nativeQuery = true, value = """
            select (select count(*) from gateway where tenant_id = :id) + (select count(*) from peer where tenant_id = :id)
                 + (select count(*) from crypto_policy where tenant_id = :id) + (select count(*) from tunnel where tenant_id = :id)""")
    long countOwnedResources(UUID id);
}
