package net.vpnaas.api.tunnel;

import net.vpnaas.api.auth.Access;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ResourceController;
import net.vpnaas.model.Role;
import net.vpnaas.model.TunnelSpec;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(changes = Role.OPERATOR)
@RequestMapping(TunnelController.PATH)
class TunnelController extends ResourceController<TunnelSpec, TunnelView> {
    static final String PATH = "/v1/tunnels";

    TunnelController(TunnelService service, Idempotency idempotency) {
        super(PATH, ResourceType.TUNNEL, service, idempotency);
    }
}
