package net.vpnaas.agent.cluster;

import java.util.List;
import net.vpnaas.ike.sync.IkeSaState;

/**
 * What a role change means to the agent around a {@link ClusterMember}: the member decides, this acts.
 * {@link EngineTakeover} does the engine's part; the gateway's floating addresses (add and announce on
 * activation, drop on deactivation) and the data path's counters join here.
 */
public interface Takeover {

    /**
     * This member became the active at {@code epoch}: serve the gateway from now on, continuing the
     * replicated IKE SAs (each decoded and checked). Called on the member's thread; the member's
     * replicator already accepts the engine's state changes.
     */
    void activate(List<IkeSaState> states, long epoch);

    /**
     * Another member holds a higher epoch: stop sending anything for the gateway at once (IKE and ESP,
     * and give up its addresses). Called as soon as the higher epoch is seen, before anything else.
     */
    void deactivate(long epoch);
}
