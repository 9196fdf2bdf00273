package net.vpnaas.api.peer;

import net.vpnaas.api.auth.Access;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ResourceController;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.Role;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(changes = Role.OPERATOR)
@RequestMapping(PeerController.PATH)
class PeerController extends ResourceController<PeerSpec, PeerView> {
    static final String PATH = "/v1/peers";

    PeerController(PeerService service, Idempotency idempotency) {
        super(PATH, ResourceType.PEER, service, idempotency);
    }
}
