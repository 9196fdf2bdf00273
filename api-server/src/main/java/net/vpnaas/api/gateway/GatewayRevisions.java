package net.vpnaas.api.gateway;

import java.util.Collection;
import java.util.UUID;
import net.vpnaas.api.agent.GatewayChangeNotifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bumps the config revision of gateways affected by a change to a tunnel, peer or policy, in the
 * transaction of that change, and announces it to every replica (delivered on commit only); the
 * replica holding the gateway's agent streams then pushes the new snapshot.
 */
@Service
public class GatewayRevisions {
    private final GatewayRepository gateways;
    private final GatewayChangeNotifier notifier;

    GatewayRevisions(GatewayRepository gateways, GatewayChangeNotifier notifier) {
        this.gateways = gateways;
        this.notifier = notifier;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void bump(Collection<UUID> gatewayIds) {
        if (!gatewayIds.isEmpty()) {
            gateways.bumpConfigRevisions(gatewayIds);
            gatewayIds.forEach(notifier::gatewayChanged);
        }
    }
}
