package net.vpnaas.api.apikey;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.support.TenantOwnedRepository;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends TenantOwnedRepository<ApiKeyEntity> {
    @Query(nativeQuery = true, value = """
            select * from api_key
            where tenant_id = :tenantId and id > :after
              and (cast(:name as text) is null or name = :name) and labels @> cast(:labels as jsonb)
            order by id limit :limit""")
    List<ApiKeyEntity> page(UUID tenantId, UUID after, String name, String labels, int limit);
}
