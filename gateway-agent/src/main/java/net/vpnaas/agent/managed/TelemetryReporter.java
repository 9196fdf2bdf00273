package net.vpnaas.agent.managed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.vpnaas.ike.engine.DefenceState;
import net.vpnaas.ike.engine.EngineEvent;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.model.agent.v1.DefenceReport;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;

/**
 * Turns engine events into the control plane's tunnel states and streams them, with the Child SAs'
 * counters at a fixed interval. Events are sent within a fraction of a second, batched. The state of
 * every tunnel (its live Child SAs, or why it is down) is kept here, and sent again whole each time
 * a stream starts: events lost while the control plane was away cannot leave the API wrong. The IKE
 * responder's defence state rides with the counters when it changed (see {@link DefenceReports}).
 */
public final class TelemetryReporter implements AutoCloseable {
    private static final Duration FLUSH_EVERY = Duration.ofMillis(200);

    private record Child(long inboundSpi, long outboundSpi) {}

    /** What the API should show for one tunnel: its live Child SAs, or the last event that set its state. */
    private static final class TunnelState {
        final Map<Long, Child> children = new LinkedHashMap<>();
        SaEvent lastStatus;
        long lastRekeyMillis;
        /** What the last refusal notify said, e.g. "the peer sent AUTHENTICATION_FAILED". */
        String lastRefusal = "";
        /** The quantum safety of the newest IKE SA, which its Child SAs report too. */
        String quantumSafety = "";
        /** The carrier of the newest IKE SA (udp, tcp), as quantumSafety. */
        String transport = "";
        /** Packet totals of the live Child SAs at the last counter sample, and when inbound last moved. */
        long packetsIn = -1;
        long packetsOut = -1;
        long inboundMovedMillis = System.currentTimeMillis();
        boolean noInbound;
    }

    private final Duration quietInbound;
    private final Function<String, String> tunnelIds;
    private final LongFunction<Optional<ChildSaUsage>> usage;
    private final Predicate<TelemetryBatch> send;
    private final DefenceReports defence;
    private final Map<String, TunnelState> tunnels = new LinkedHashMap<>(); // guarded by this
    private final ConcurrentLinkedQueue<SaEvent> pending = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("telemetry").factory());

    /**
     * @param tunnelIds maps a tunnel name to its control-plane id (null: not a tunnel the control plane knows)
     * @param usage     counters of a Child SA by inbound SPI
     * @param send      sends a batch; false when no stream is up (the batch is dropped: state is resent on connect)
     * @param quietInbound a tunnel that sends but has received nothing for this long is reported as such
     * @param defence   the IKE responder's defence state now; empty while no engine runs
     */
    public TelemetryReporter(Function<String, String> tunnelIds, LongFunction<Optional<ChildSaUsage>> usage,
                             Predicate<TelemetryBatch> send, Duration countersEvery, Duration quietInbound,
                             Supplier<Optional<DefenceState>> defence) {
        this.quietInbound = quietInbound;
        this.tunnelIds = tunnelIds;
        this.usage = usage;
        this.send = send;
        this.defence = new DefenceReports(defence);
        timer.scheduleWithFixedDelay(this::flushEvents, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::sendCounters, countersEvery.toMillis(), countersEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Engine events, from IKE SA threads. */
    public synchronized void onEvent(EngineEvent e) {
        String id = tunnelIds.apply(e.connection());
        if (id == null) return;
        TunnelState t = tunnels.computeIfAbsent(e.connection(), n -> new TunnelState());
        long now = System.currentTimeMillis();
        SaEvent.Builder out = SaEvent.newBuilder().setTunnelId(id).setAtEpochMillis(now);
        switch (e) {
            case EngineEvent.IkeUp up -> {
                t.quantumSafety = up.quantumSafety().toString();
                t.transport = up.carrier().name().toLowerCase(Locale.ROOT);
                // Reported only while no Child SA is up: a second IKE SA (make-before-break) is not "negotiating";
                // its quantum safety goes with its Child SA's event.
                if (!t.children.isEmpty()) return;
                status(t, out.setKind(SaEventKind.IKE_UP).setIkeSpiI(up.initiatorSpi()).setIkeSpiR(up.responderSpi())
                        .setQuantumSafety(t.quantumSafety).setTransport(t.transport));
            }
            case EngineEvent.ChildUp up -> {
                t.children.put(up.inboundSpi(), new Child(up.inboundSpi(), up.outboundSpi()));
                t.inboundMovedMillis = now; // a fresh SA gets the full quiet time
                t.noInbound = false;
                if (up.rekey()) t.lastRekeyMillis = now;
                status(t, out.setKind(up.rekey() ? SaEventKind.REKEYED : SaEventKind.CHILD_UP)
                        .setChildSpiIn((int) up.inboundSpi()).setChildSpiOut((int) up.outboundSpi()).setQuantumSafety(t.quantumSafety)
                        .setTransport(t.transport));
            }
            case EngineEvent.ChildDown down -> {
                t.children.remove(down.inboundSpi());
                pending.add(out.setKind(SaEventKind.DELETED).setChildSpiIn((int) down.inboundSpi())
                        .setChildSpiOut((int) down.outboundSpi()).build());
            }
            case EngineEvent.IkeDown down -> {
                if (down.otherIkeSaUp()) return;
                t.quantumSafety = "";
                t.transport = "";
                // A refusal without a notify (we gave up on a peer without the PPK we require) has only the reason.
                String reason = down.failure() == null || t.lastRefusal.isEmpty() ? down.reason()
                        : t.lastRefusal + " (" + down.reason() + ")";
                t.lastRefusal = ""; // it belonged to this IKE SA
                status(t, out.setKind(down.failure() == null ? SaEventKind.DOWN : kind(down.failure())).setReason(reason)
                        .setIkeSpiI(down.initiatorSpi()).setIkeSpiR(down.responderSpi()));
            }
            case EngineEvent.NegotiationFailed failed -> {
                t.lastRefusal = failed.detail();
                // A refused replacement while the old SAs carry traffic does not make the tunnel look down.
                if (!t.children.isEmpty()) return;
                status(t, out.setKind(kind(failed.failure())).setReason(failed.detail()));
            }
            case EngineEvent.IkeRekeyed ignored -> {
                // The Child SAs moved to the new IKE SA unchanged: nothing the API shows changes.
            }
        }
    }

    /**
     * A tunnel was added or changed: until an SA is up it is negotiating (we initiate) or waiting for
     * the peer (we only respond).
     */
    public synchronized void tunnelStarted(String name, boolean initiates) {
        stateWithoutSa(name, SaEvent.newBuilder().setKind(initiates ? SaEventKind.CONNECTING : SaEventKind.AWAITING_PEER));
    }

    /** A tunnel that cannot be set up, for a reason outside the engine (its peer's name does not resolve). */
    public synchronized void tunnelDown(String name, String reason) {
        stateWithoutSa(name, SaEvent.newBuilder().setKind(SaEventKind.DOWN).setReason(reason));
    }

    /** A state the agent sees without an SA event; a tunnel with Child SAs up keeps showing them. */
    private void stateWithoutSa(String name, SaEvent.Builder event) {
        String id = tunnelIds.apply(name);
        if (id == null) return;
        TunnelState t = tunnels.computeIfAbsent(name, n -> new TunnelState());
        if (!t.children.isEmpty()) return;
        status(t, event.setTunnelId(id).setAtEpochMillis(System.currentTimeMillis()));
    }

    private void status(TunnelState t, SaEvent.Builder event) {
        SaEvent e = event.build();
        t.lastStatus = e;
        pending.add(e);
    }

    private static SaEventKind kind(EngineEvent.Failure f) {
        return switch (f) {
            case AUTHENTICATION -> SaEventKind.AUTHENTICATION_FAILED;
            case PROPOSAL -> SaEventKind.PROPOSAL_MISMATCH;
            case TRAFFIC_SELECTORS -> SaEventKind.TS_MISMATCH;
        };
    }

    /** A stream (re)started: the whole current state, so the control plane converges whatever it missed. */
    public synchronized void resendState() {
        TelemetryBatch.Builder batch = TelemetryBatch.newBuilder();
        tunnels.keySet().removeIf(name -> tunnelIds.apply(name) == null); // removed tunnels
        tunnels.forEach((name, t) -> {
            String id = tunnelIds.apply(name);
            if (t.children.isEmpty()) {
                if (t.lastStatus != null) batch.addEvents(t.lastStatus.toBuilder().setTunnelId(id));
                return;
            }
            for (Child c : t.children.values()) batch.addEvents(childUp(id, c, t));
            if (t.noInbound) batch.addEvents(t.lastStatus.toBuilder().setTunnelId(id));
        });
        pending.clear(); // older than the state just taken
        if (batch.getEventsCount() > 0) send.test(batch.build());
        defence.forget(); // the next counters tick sends it
    }

    private static SaEvent childUp(String id, Child c, TunnelState t) {
        return SaEvent.newBuilder().setTunnelId(id).setKind(SaEventKind.CHILD_UP).setChildSpiIn((int) c.inboundSpi())
                .setChildSpiOut((int) c.outboundSpi()).setQuantumSafety(t.quantumSafety).setTransport(t.transport)
                .setAtEpochMillis(System.currentTimeMillis()).build();
    }

    private void flushEvents() {
        List<SaEvent> events = new ArrayList<>();
        for (SaEvent e = pending.poll(); e != null; e = pending.poll()) events.add(e);
        if (!events.isEmpty()) send.test(TelemetryBatch.newBuilder().addAllEvents(events).build());
    }

    private void sendCounters() {
        TelemetryBatch.Builder batch = TelemetryBatch.newBuilder();
        long now = System.currentTimeMillis();
        synchronized (this) {
            tunnels.forEach((name, t) -> {
                String id = tunnelIds.apply(name);
                if (id == null || t.children.isEmpty()) return;
                long in = 0, out = 0;
                for (Child c : t.children.values()) {
                    Optional<ChildSaUsage> u = usage.apply(c.inboundSpi());
                    if (u.isEmpty()) continue;
                    in += u.get().packetsIn();
                    out += u.get().packetsOut();
                    batch.addCounters(counters(id, c, u.get(), t.lastRekeyMillis, now));
                }
                watchInbound(id, t, in, out, now);
            });
        }
        Optional<DefenceReport> report = defence.due(now);
        report.ifPresent(batch::setDefence);
        if (batch.getCountersCount() == 0 && report.isEmpty()) return;
        if (!send.test(batch.build()) && report.isPresent()) defence.forget(); // lost: send it again next time
    }

    /**
     * A tunnel whose Child SAs send but have received nothing for {@code quietInbound} is reported
     * (the peer's return path or its policy is broken); when inbound moves again it is ESTABLISHED again.
     */
    private void watchInbound(String id, TunnelState t, long in, long out, long now) {
        if (in != t.packetsIn) {
            t.inboundMovedMillis = now;
            if (t.noInbound) {
                t.noInbound = false;
                t.children.values().forEach(c -> pending.add(childUp(id, c, t)));
                t.lastStatus = childUp(id, t.children.values().iterator().next(), t);
            }
        } else if (out != t.packetsOut && !t.noInbound && now - t.inboundMovedMillis >= quietInbound.toMillis()) {
            t.noInbound = true;
            status(t, SaEvent.newBuilder().setTunnelId(id).setAtEpochMillis(now).setKind(SaEventKind.NO_INBOUND_TRAFFIC)
                    .setReason("sending, but nothing received for " + (now - t.inboundMovedMillis) / 1000 + " s"));
        }
        t.packetsIn = in;
        t.packetsOut = out;
    }

    private static TunnelCounters counters(String id, Child c, ChildSaUsage u, long lastRekeyMillis, long now) {
        return TunnelCounters.newBuilder().setTunnelId(id).setChildSpiIn((int) c.inboundSpi()).setChildSpiOut((int) c.outboundSpi())
                .setBytesIn(u.bytesIn()).setBytesOut(u.bytesOut()).setPacketsIn(u.packetsIn()).setPacketsOut(u.packetsOut())
                .setReplayDrops(u.replayDrops()).setIntegrityFailures(u.integrityFailures())
                .setSelectorDrops(u.selectorDrops()).setLastRekeyEpochMillis(lastRekeyMillis).setAtEpochMillis(now).build();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
