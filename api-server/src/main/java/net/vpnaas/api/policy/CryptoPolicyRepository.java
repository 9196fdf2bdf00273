package net.vpnaas.api.policy;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.support.TenantOwnedRepository;
import org.springframework.data.jpa.repository.Query;

interface CryptoPolicyRepository extends TenantOwnedRepository<CryptoPolicyEntity> {
    @Query(nativeQuery = true, value = """
            select * from crypto_policy
            where tenant_id = :tenantId and id > :after
              and (cast(:name as text) is null or name = :name) and labels @> cast(:labels as jsonb)
            order by id limit :limit""")
    List<CryptoPolicyEntity> page(UUID tenantId, UUID after, String name, String labels, int limit);
}
