package net.vpnaas.api.peer;

import net.vpnaas.api.support.TenantOwnedRepository;

interface PeerRepository extends TenantOwnedRepository<PeerEntity> {}
