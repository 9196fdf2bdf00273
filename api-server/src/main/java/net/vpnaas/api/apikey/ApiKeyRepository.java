package net.vpnaas.api.apikey;

import net.vpnaas.api.support.TenantOwnedRepository;

interface ApiKeyRepository extends TenantOwnedRepository<ApiKeyEntity> {}
