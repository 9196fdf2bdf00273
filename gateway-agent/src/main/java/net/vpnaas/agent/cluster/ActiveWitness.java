package net.vpnaas.agent.cluster;

/**
 * A second path to the active, besides the sync channel: asked by a standby that stopped hearing the
 * active's heartbeats, before it takes over. With two members a cut sync link looks, from the standby, just
 * like a dead active; only another way of seeing the active (its floating address answering ARP or
 * neighbour solicitation on the data segment, the control plane's view of its stream) tells them apart.
 */
@FunctionalInterface
public interface ActiveWitness {

    /** No second path: lost heartbeats alone mean the active is gone (safe only where the sync link cannot fail alone). */
    ActiveWitness NONE = activeId -> false;

    /** Whether {@code activeId} (the member last known active, {@code null} if none ever was) still serves. */
    boolean stillServing(String activeId);
}
