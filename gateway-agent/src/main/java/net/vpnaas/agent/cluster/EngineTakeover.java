package net.vpnaas.agent.cluster;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.sync.IkeSaState;

/** The engine's part of a takeover: continue the replicated IKE SAs, then bring the peers' windows in line. */
public final class EngineTakeover {
    private static final Logger LOG = Logger.getLogger(EngineTakeover.class.getName());

    private EngineTakeover() {}

    /**
     * Imports every state into {@code engine} (whose connections are configured as on the old active), then
     * runs RFC 6311's Message ID sync for each connection that negotiated it: the old active may have
     * answered or sent one more exchange than the standby heard of, when it failed while its standbys were
     * out of sync. Peers without RFC 6311 rely on the send hold (no exchange leaves before the standbys
     * have its state). Returns how many IKE SAs were taken over.
     */
    public static int continueSas(IkeEngine engine, List<IkeSaState> states, ReplayDeltaSource replay) {
        Set<String> synced = new LinkedHashSet<>();
        int taken = 0;
        for (IkeSaState s : states) {
            try {
                engine.importIkeSa(s);
                taken++;
                if (s.messageIdSync()) synced.add(s.connection());
            } catch (IllegalArgumentException e) {
                LOG.warning(() -> "cannot take over " + s + ": " + e.getMessage());
            }
        }
        long delta = replay.replayDelta();
        for (String connection : synced) engine.synchronizeAfterTakeover(connection, delta);
        return taken;
    }
}
