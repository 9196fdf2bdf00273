package net.vpnaas.api.gateway;

import net.vpnaas.api.auth.Access;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ResourceController;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.Role;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(changes = Role.OPERATOR)
@RequestMapping(GatewayController.PATH)
class GatewayController extends ResourceController<GatewaySpec, GatewayView> {
    static final String PATH = "/v1/gateways";

    GatewayController(GatewayService service, Idempotency idempotency) {
        super(PATH, ResourceType.GATEWAY, service, idempotency);
    }
}
