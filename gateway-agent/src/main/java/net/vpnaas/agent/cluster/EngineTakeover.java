package net.vpnaas.agent.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import net.vpnaas.agent.cluster.address.FloatingAddress;
import net.vpnaas.dataplane.sync.EspCounterSync;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.sync.ChildSaState;
import net.vpnaas.ike.sync.IkeSaState;

/**
 * The agent's part of a takeover, after {@link ClusterMember} raised the fencing epoch: the ESP counters, the
 * IKE SAs, the address, then the peers' windows, in that order.
 */
public final class EngineTakeover {
    private static final Logger LOG = Logger.getLogger(EngineTakeover.class.getName());

    private EngineTakeover() {}

    /**
     * Continues the replicated IKE SAs in {@code engine} (whose connections are configured as on the old
     * active), and returns how many were taken over.
     *
     * <ol>
     *   <li>The data path's counters advance past what the old active can have sent since its last counter
     *       snapshot, for every Child SA of {@code states}: before the engine installs one, which could send low
     *       numbers otherwise. Before any snapshot arrived, every SA is to be rekeyed (nothing bounds its counter).</li>
     *   <li>Each IKE SA is imported into the engine.</li>
     *   <li>The floating address, if the cluster has one, is added and announced: traffic reaches this member
     *       only now that it can answer it.</li>
     *   <li>RFC 6311's Message ID sync for each connection that negotiated it, with the replay counter delta of
     *       the advance (the old active may have accepted packets this member's windows have not seen); peers
     *       without RFC 6311 rely on the send hold (no exchange leaves before the standbys have its state).</li>
     *   <li>Connections with an SA whose counter the advance exhausted rekey their Child SAs.</li>
     * </ol>
     */
    public static int continueSas(IkeEngine engine, List<IkeSaState> states, EspCounterSync counters,
                                  Optional<FloatingAddress> address) {
        Map<Long, String> connectionBySpi = new HashMap<>();
        for (IkeSaState s : states) {
            for (ChildSaState c : s.children()) connectionBySpi.put(c.inbound().spi(), s.connection());
        }
        // Without a snapshot the advance rekeys every SA whatever the time given (see EspCounterSync#advanceForTakeover).
        Duration since = counters.sinceLastImport().orElse(Duration.ZERO);
        var advance = counters.advanceForTakeover(since, List.copyOf(connectionBySpi.keySet()));
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
        address.ifPresent(a -> a.takeOver().exceptionally(e -> {
            LOG.warning(() -> "announcing the floating address failed: " + e.getMessage());
            return null;
        }));
        for (String connection : synced) engine.synchronizeAfterTakeover(connection, advance.replayCounterSyncDelta());
        Set<String> rekey = new LinkedHashSet<>();
        for (long spi : advance.mustRekey()) rekey.add(connectionBySpi.get(spi));
        rekey.remove(null); // an SA of the snapshot that no IKE SA taken over names: nothing to rekey
        if (!rekey.isEmpty()) LOG.info(() -> "rekeying the Child SAs of " + rekey + ": their counters cannot continue");
        rekey.forEach(engine::rekeyChildren);
        return taken;
    }

    /** The member steps down ({@link Takeover#deactivate}): it gives up the floating address, if the cluster has one. */
    public static void stepDown(Optional<FloatingAddress> address) {
        address.ifPresent(FloatingAddress::release);
    }
}
