package net.vpnaas.api.tenant;

import net.vpnaas.api.auth.Access;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ResourceController;
import net.vpnaas.model.Role;
import net.vpnaas.model.TenantSpec;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(changes = Role.ADMIN)
@RequestMapping(TenantController.PATH)
class TenantController extends ResourceController<TenantSpec, TenantView> {
    static final String PATH = "/v1/tenants";

    TenantController(TenantService service, Idempotency idempotency) {
        super(PATH, ResourceType.TENANT, service, idempotency);
    }
}
