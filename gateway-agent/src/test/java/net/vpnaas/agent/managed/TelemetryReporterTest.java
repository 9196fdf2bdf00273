package net.vpnaas.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.engine.DefenceState;
import net.vpnaas.ike.engine.DropReason;
import net.vpnaas.ike.engine.EngineEvent;
import net.vpnaas.ike.sa.QuantumSafety;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.model.agent.v1.DefenceLevel;
import net.vpnaas.model.agent.v1.DefenceReport;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Engine events in, control-plane telemetry out (the stream itself is the end-to-end test's). */
class TelemetryReporterTest {
    final BlockingQueue<TelemetryBatch> sent = new LinkedBlockingQueue<>();
    final AtomicBoolean connected = new AtomicBoolean(true);
    /** Packets the fake data path has received and sent on every SA; a test moves them. */
    final AtomicLong packetsIn = new AtomicLong(10);
    final AtomicLong packetsOut = new AtomicLong(20);
    final TelemetryReporter reporter = new TelemetryReporter(Map.of("a", "id-a")::get,
            spi -> Optional.of(new ChildSaUsage(1000 + spi, packetsIn.get(), 2000, packetsOut.get(), 0, 0, 0, Instant.EPOCH)),
            batch -> connected.get() && sent.add(batch), Duration.ofMillis(300), Duration.ofSeconds(1), () -> this.defence);
    /** What the fake engine's defences are; a test changes it. */
    volatile Optional<DefenceState> defence = Optional.empty();

    @AfterEach
    void close() {
        reporter.close();
    }

    List<SaEvent> nextEvents() throws InterruptedException {
        for (TelemetryBatch b = sent.poll(5, TimeUnit.SECONDS); b != null; b = sent.poll(5, TimeUnit.SECONDS)) {
            if (b.getEventsCount() > 0) return b.getEventsList();
        }
        throw new AssertionError("no events sent");
    }

    @Test
    void eventsBecomeTunnelStatesAndCountersFollowTheLiveChildSas() throws Exception {
        reporter.onEvent(new EngineEvent.IkeUp("a", 1, 2,
                new QuantumSafety(List.of(KeyExchangeMethod.ML_KEM_768), Optional.of("ppk-a"))));
        reporter.onEvent(new EngineEvent.ChildUp("a", 0xc0000001L, 0x11, false));
        reporter.onEvent(new EngineEvent.ChildUp("unknown-tunnel", 5, 6, false));
        List<SaEvent> first = nextEvents();
        assertThat(first).extracting(SaEvent::getKind).containsExactly(SaEventKind.IKE_UP, SaEventKind.CHILD_UP);
        assertThat(first.getFirst().getQuantumSafety()).isEqualTo("ML_KEM_768+PPK(ppk-a)");

        TelemetryBatch counters = null;
        for (TelemetryBatch b = sent.poll(5, TimeUnit.SECONDS); b != null && counters == null; b = sent.poll(5, TimeUnit.SECONDS)) {
            if (b.getCountersCount() > 0) counters = b;
        }
        assertThat(counters).isNotNull();
        assertThat(counters.getCounters(0).getTunnelId()).isEqualTo("id-a");
        assertThat(Integer.toUnsignedLong(counters.getCounters(0).getChildSpiIn())).isEqualTo(0xc0000001L);
        assertThat(counters.getCounters(0).getBytesIn()).isEqualTo(1000 + 0xc0000001L);

        // A rekey, the old SA's removal, a second IKE SA coming up while the tunnel is up (not "negotiating").
        reporter.onEvent(new EngineEvent.ChildUp("a", 0xc0000002L, 0x12, true));
        reporter.onEvent(new EngineEvent.ChildDown("a", 0xc0000001L, 0x11));
        reporter.onEvent(new EngineEvent.IkeUp("a", 3, 4, QuantumSafety.NONE));
        reporter.onEvent(new EngineEvent.NegotiationFailed("a", EngineEvent.Failure.PROPOSAL, "we sent NO_PROPOSAL_CHOSEN"));
        assertThat(nextEvents()).extracting(SaEvent::getKind).containsExactly(SaEventKind.REKEYED, SaEventKind.DELETED);
    }

    @Test
    void aRefusalEndsInItsOwnStateAndAReconnectResendsTheState() throws Exception {
        reporter.onEvent(new EngineEvent.NegotiationFailed("a", EngineEvent.Failure.AUTHENTICATION, "the peer sent AUTHENTICATION_FAILED"));
        reporter.onEvent(new EngineEvent.IkeDown("a", 1, 2, "PskAuthTask failed", EngineEvent.Failure.AUTHENTICATION, false, false));
        List<SaEvent> events = nextEvents();
        assertThat(events).extracting(SaEvent::getKind)
                .containsExactly(SaEventKind.AUTHENTICATION_FAILED, SaEventKind.AUTHENTICATION_FAILED);
        assertThat(events.get(1).getReason()).contains("the peer sent AUTHENTICATION_FAILED");

        // Offline: the tunnel comes up; nothing can be sent. On reconnect the state goes out whole.
        connected.set(false);
        reporter.onEvent(new EngineEvent.ChildUp("a", 0xc0000003L, 0x13, false));
        Thread.sleep(500);
        sent.clear();
        connected.set(true);
        reporter.resendState();
        List<SaEvent> resent = nextEvents();
        assertThat(resent).singleElement().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo(SaEventKind.CHILD_UP);
            assertThat(Integer.toUnsignedLong(e.getChildSpiIn())).isEqualTo(0xc0000003L);
        });
    }

    @Test
    void aSecondIkeSaReportsItsQuantumSafetyWithItsChildSaAndAReconnectResendsIt() throws Exception {
        reporter.onEvent(new EngineEvent.IkeUp("a", 1, 2, QuantumSafety.NONE));
        reporter.onEvent(new EngineEvent.ChildUp("a", 0xc0000001L, 0x11, false));
        List<SaEvent> first = new ArrayList<>();
        while (first.size() < 2) first.addAll(nextEvents());
        assertThat(first).extracting(SaEvent::getQuantumSafety).containsExactly("none", "none");
        // Make-before-break: a new IKE SA, now with a PPK, and its Child SA; the agent reports no IKE_UP for it.
        reporter.onEvent(new EngineEvent.IkeUp("a", 3, 4, new QuantumSafety(List.of(), Optional.of("ppk-a"))));
        reporter.onEvent(new EngineEvent.ChildUp("a", 0xc0000002L, 0x12, true));
        reporter.onEvent(new EngineEvent.ChildDown("a", 0xc0000001L, 0x11));
        List<SaEvent> second = new ArrayList<>();
        while (second.size() < 2) second.addAll(nextEvents());
        assertThat(second).extracting(SaEvent::getKind).containsExactly(SaEventKind.REKEYED, SaEventKind.DELETED);
        assertThat(second.getFirst().getQuantumSafety()).isEqualTo("PPK(ppk-a)");
        sent.clear();
        reporter.resendState();
        assertThat(nextEvents()).singleElement().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo(SaEventKind.CHILD_UP);
            assertThat(e.getQuantumSafety()).isEqualTo("PPK(ppk-a)");
        });
    }

    @Test
    void anAuthenticationFailureWithoutANotifyIsReportedWithItsReasonAlone() throws Exception {
        // An earlier IKE SA's refusal is not this one's.
        reporter.onEvent(new EngineEvent.NegotiationFailed("a", EngineEvent.Failure.AUTHENTICATION, "we sent AUTHENTICATION_FAILED"));
        reporter.onEvent(new EngineEvent.IkeDown("a", 1, 2, "no PPK in common: the peer named PPK ppk-b, we have ppk-a (PPK required)",
                EngineEvent.Failure.AUTHENTICATION, false, false));
        reporter.onEvent(new EngineEvent.IkeDown("a", 3, 4, "PPK required, but the peer did not answer USE_PPK (it has no PPK for us)",
                EngineEvent.Failure.AUTHENTICATION, false, false));
        List<SaEvent> events = new ArrayList<>();
        while (events.size() < 3) events.addAll(nextEvents()); // the flush may split them
        assertThat(events).extracting(SaEvent::getKind).containsOnly(SaEventKind.AUTHENTICATION_FAILED);
        assertThat(events).extracting(SaEvent::getReason).containsExactly("we sent AUTHENTICATION_FAILED",
                "we sent AUTHENTICATION_FAILED (no PPK in common: the peer named PPK ppk-b, we have ppk-a (PPK required))",
                "PPK required, but the peer did not answer USE_PPK (it has no PPK for us)");
    }

    @Test
    void aTunnelThatCannotBeSetUpIsDownWithTheReasonUnlessItsSasAreUp() throws Exception {
        reporter.tunnelStarted("a", true);
        reporter.tunnelDown("a", "the peer's name 'peer.example' does not resolve");
        List<SaEvent> events = nextEvents();
        assertThat(events).extracting(SaEvent::getKind).containsExactly(SaEventKind.CONNECTING, SaEventKind.DOWN);
        assertThat(events.getLast().getReason()).isEqualTo("the peer's name 'peer.example' does not resolve");

        reporter.onEvent(new EngineEvent.ChildUp("a", 0xc0000001L, 0x11, false));
        assertThat(nextEvents()).extracting(SaEvent::getKind).containsExactly(SaEventKind.CHILD_UP);
        reporter.tunnelDown("a", "the peer's name 'peer.example' does not resolve");
        Thread.sleep(500);
        assertThat(sent.stream().flatMap(b -> b.getEventsList().stream())).as("the SAs up say more").isEmpty();
    }

    @Test
    void aTunnelThatSendsButHearsNothingIsReportedAndRecovers() throws Exception {
        reporter.tunnelStarted("a", false);
        assertThat(nextEvents()).extracting(SaEvent::getKind).containsExactly(SaEventKind.AWAITING_PEER);
        reporter.onEvent(new EngineEvent.ChildUp("a", 0xc0000001L, 0x11, false));
        assertThat(nextEvents()).extracting(SaEvent::getKind).containsExactly(SaEventKind.CHILD_UP);
        reporter.tunnelStarted("a", true); // a change while the SA is up: still up, nothing to report

        // Outbound moves, inbound does not: after the quiet time (1 s here) the tunnel is reported.
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            packetsOut.addAndGet(5);
            Thread.sleep(100);
        }
        List<SaEvent> quiet = nextEvents();
        assertThat(quiet).extracting(SaEvent::getKind).containsExactly(SaEventKind.NO_INBOUND_TRAFFIC);
        assertThat(quiet.getFirst().getReason()).contains("nothing received");

        packetsIn.addAndGet(1);
        assertThat(nextEvents()).extracting(SaEvent::getKind).containsExactly(SaEventKind.CHILD_UP);
    }

    @Test
    void theDefenceStateGoesWithTheCountersWhenItChangedAndAgainOnANewStream() throws Exception {
        assertThat(sent.poll(1, TimeUnit.SECONDS)).as("no engine yet: nothing to report").isNull();
        defence = Optional.of(state(DefenceState.Level.NORMAL, 0, 3, 0));
        DefenceReport first = nextDefence();
        assertThat(first.getLevel()).isEqualTo(DefenceLevel.DEFENCE_NORMAL);
        assertThat(first.getHalfOpen()).isEqualTo(3);
        assertThat(first.getDropsMap()).containsEntry("HALF_OPEN_LIMIT", 0L).hasSize(DropReason.values().length);
        Thread.sleep(1000); // three counter ticks: unchanged, so not sent again
        assertThat(sent.stream().filter(TelemetryBatch::hasDefence)).isEmpty();

        defence = Optional.of(state(DefenceState.Level.PUZZLES, 9, 250, 17));
        DefenceReport underAttack = nextDefence();
        assertThat(underAttack.getLevel()).isEqualTo(DefenceLevel.DEFENCE_PUZZLES);
        assertThat(underAttack.getPuzzleDifficulty()).isEqualTo(9);
        assertThat(underAttack.getDropsMap()).containsEntry("HALF_OPEN_LIMIT", 17L);

        connected.set(false); // a report that could not be sent is sent again once a stream is up
        defence = Optional.of(state(DefenceState.Level.COOKIES, 0, 120, 17));
        Thread.sleep(700);
        connected.set(true);
        assertThat(nextDefence().getLevel()).isEqualTo(DefenceLevel.DEFENCE_COOKIES);

        reporter.resendState(); // a new stream: the control plane learns the state at once
        assertThat(nextDefence().getLevel()).isEqualTo(DefenceLevel.DEFENCE_COOKIES);
    }

    private DefenceReport nextDefence() throws InterruptedException {
        for (TelemetryBatch b = sent.poll(5, TimeUnit.SECONDS); b != null; b = sent.poll(5, TimeUnit.SECONDS)) {
            if (b.hasDefence()) return b.getDefence();
        }
        throw new AssertionError("no defence report sent");
    }

    private static DefenceState state(DefenceState.Level level, int difficulty, int halfOpen, long halfOpenDrops) {
        Map<DropReason, Long> drops = new java.util.EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) drops.put(r, r == DropReason.HALF_OPEN_LIMIT ? halfOpenDrops : 0L);
        return new DefenceState(level, difficulty, halfOpen, 40, difficulty > 0 ? 30 : 0, drops);
    }
}
