package net.vpnaas.api.gateway;

import java.util.Collection;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bumps the config revision of gateways affected by a change to a tunnel, peer or policy, in the
 * transaction of that change; agents are later pushed the configuration by revision.
 */
@Service
public class GatewayRevisions {
    private final GatewayRepository gateways;

    GatewayRevisions(GatewayRepository gateways) {
        this.gateways = gateways;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void bump(Collection<UUID> gatewayIds) {
        if (!gatewayIds.isEmpty()) {
            gateways.bumpConfigRevisions(gatewayIds);
        }
    }
}
