package net.vpnaas.agent.control;

import net.vpnaas.model.agent.v1.GatewaySnapshot;

/** Makes the gateway run a snapshot. On refusal the previous configuration must keep running. */
public interface SnapshotApplier {

    sealed interface Result {}

    record Applied() implements Result {}

    /** @param tunnelName the tunnel at fault, or empty */
    record Refused(String error, String tunnelName) implements Result {}

    Result apply(GatewaySnapshot snapshot);

    /** The version the gateway runs now; 0 before the first snapshot. */
    long appliedVersion();
}
