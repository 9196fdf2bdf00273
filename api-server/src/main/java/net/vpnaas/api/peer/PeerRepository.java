package net.vpnaas.api.peer;

import jakarta.persistence.QueryHint;
import java.util.List;
import java.util.UUID;
import net.vpnaas.api.support.TenantOwnedRepository;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

interface PeerRepository extends TenantOwnedRepository<PeerEntity> {
    /** Rows for views only: read-only, see {@link net.vpnaas.api.support.TenantOwnedRepository#findReadOnlyByIdAndTenantId}. */
    @QueryHints(@QueryHint(name = HibernateHints.HINT_READ_ONLY, value = "true"))
    @Query(nativeQuery = true, value = """
            select * from peer
            where tenant_id = :tenantId and id > :after
              and (cast(:name as text) is null or name = :name) and labels @> cast(:labels as jsonb)
            order by id limit :limit""")
    List<PeerEntity> page(UUID tenantId, UUID after, String name, String labels, int limit);
}
