package net.vpnaas.api.agent;

import java.util.Optional;
import java.util.UUID;
import net.vpnaas.model.agent.v1.GatewaySnapshot;

/** The current configuration of a gateway, read from the system of record; empty if it no longer exists. */
public interface SnapshotSource {
    Optional<GatewaySnapshot> current(UUID gatewayId);
}
