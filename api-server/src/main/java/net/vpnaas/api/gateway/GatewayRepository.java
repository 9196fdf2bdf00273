package net.vpnaas.api.gateway;

import jakarta.persistence.QueryHint;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import net.vpnaas.api.support.TenantOwnedRepository;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

interface GatewayRepository extends TenantOwnedRepository<GatewayEntity> {
    /** Rows for views only: read-only, see {@link net.vpnaas.api.support.TenantOwnedRepository#findReadOnlyByIdAndTenantId}. */
    @QueryHints(@QueryHint(name = HibernateHints.HINT_READ_ONLY, value = "true"))
    @Query(nativeQuery = true, value = """
            select * from gateway
            where tenant_id = :tenantId and id > :after
              and (cast(:name as text) is null or name = :name) and labels @> cast(:labels as jsonb)
            order by id limit :limit""")
    List<GatewayEntity> page(UUID tenantId, UUID after, String name, String labels, int limit);

    @Modifying(flushAutomatically = true)
    @Query("update GatewayEntity g set g.configRevision = g.configRevision + 1 where g.id in :ids")
    int bumpConfigRevisions(Collection<UUID> ids);
}
