package net.vpnaas.agent.apply;

import net.vpnaas.model.agent.v1.Tunnel;

/** What applying a new snapshot means for one tunnel, keyed by the tunnel's name. */
public sealed interface TunnelChange {
    String name();

    /** New in this snapshot: establish it. */
    record Added(Tunnel tunnel) implements TunnelChange {
        public String name() { return tunnel.getName(); }
    }

    /** Its own fields, its peer or its policy changed: re-establish make-before-break. */
    record Changed(Tunnel before, Tunnel after) implements TunnelChange {
        public String name() { return after.getName(); }
    }

    /**
     * Unchanged itself, but it authenticates with the gateway's certificate, which changed (renewed,
     * replaced): its SAs stay, and the next IKE SA authenticates with the new one.
     */
    record CredentialsChanged(Tunnel tunnel) implements TunnelChange {
        public String name() { return tunnel.getName(); }
    }

    /** Gone from the snapshot: delete its SAs with an IKE Delete. */
    record Removed(Tunnel tunnel) implements TunnelChange {
        public String name() { return tunnel.getName(); }
    }
}
