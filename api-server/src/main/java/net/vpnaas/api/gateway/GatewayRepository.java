package net.vpnaas.api.gateway;

import java.util.Collection;
import java.util.UUID;
import net.vpnaas.api.support.TenantOwnedRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface GatewayRepository extends TenantOwnedRepository<GatewayEntity> {
    @Modifying(flushAutomatically = true)
    @Query("update GatewayEntity g set g.configRevision = g.configRevision + 1 where g.id in :ids")
    int bumpConfigRevisions(Collection<UUID> ids);
}
