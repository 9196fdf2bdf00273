package net.vpnaas.agent.managed;

/** A pushed snapshot this agent cannot run; the message goes back to the control plane in the NACK. */
final class SnapshotRejected extends Exception {
    private final String tunnelName;

    SnapshotRejected(String message, String tunnelName) {
        super(message);
        this.tunnelName = tunnelName;
    }

    /** The tunnel at fault, or empty when the problem is the gateway's. */
    String tunnelName() {
        return tunnelName;
    }
}
