package net.vpnaas.api.policy;

import net.vpnaas.api.support.TenantOwnedRepository;

interface CryptoPolicyRepository extends TenantOwnedRepository<CryptoPolicyEntity> {}
