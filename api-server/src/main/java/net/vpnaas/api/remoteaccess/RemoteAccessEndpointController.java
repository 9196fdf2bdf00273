package net.vpnaas.api.remoteaccess;

import net.vpnaas.api.auth.Access;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ResourceController;
import net.vpnaas.model.RemoteAccessEndpointSpec;
import net.vpnaas.model.Role;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(changes = Role.OPERATOR)
@RequestMapping(RemoteAccessEndpointController.PATH)
class RemoteAccessEndpointController extends ResourceController<RemoteAccessEndpointSpec, RemoteAccessEndpointView> {
    static final String PATH = "/v1/remote-access-endpoints";

    RemoteAccessEndpointController(RemoteAccessEndpointService service, Idempotency idempotency) {
        super(PATH, ResourceType.REMOTE_ACCESS_ENDPOINT, service, idempotency);
    }
}
