package net.vpnaas.api.remoteaccess;

import net.vpnaas.api.support.TenantOwnedRepository;

interface RemoteAccessEndpointRepository extends TenantOwnedRepository<RemoteAccessEndpointEntity> {}
