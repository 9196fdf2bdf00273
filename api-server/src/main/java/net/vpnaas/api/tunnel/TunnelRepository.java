package net.vpnaas.api.tunnel;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.support.TenantOwnedRepository;
import org.springframework.data.jpa.repository.Query;

interface TunnelRepository extends TenantOwnedRepository<TunnelEntity> {
    @Query(nativeQuery = true, value = """
            select * from tunnel
            where tenant_id = :tenantId and id > :after
              and (cast(:name as text) is null or name = :name) and labels @> cast(:labels as jsonb)
            order by id limit :limit""")
    List<TunnelEntity> page(UUID tenantId, UUID after, String name, String labels, int limit);
}
