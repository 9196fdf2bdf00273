package net.vpnaas.api.tunnel;

import net.vpnaas.api.support.TenantOwnedRepository;

interface TunnelRepository extends TenantOwnedRepository<TunnelEntity> {}
