package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.config.DeadPeerDetection.Action;
import net.vpnaas.ike.engine.EngineEvent.IkeDown;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.sasink.TrafficPolicy;
import org.junit.jupiter.api.Test;

/**
 * Dead peer detection with its timeout and action: alice probes bob after half a second of silence
 * and gives him one second to answer. Her retransmissions would take far longer to give up (1 s
 * apart, 10 sends), so a peer found dead within a few seconds was found dead by the timeout.
 */
class DeadPeerDetectionTest {
    private static final Duration DELAY = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final RetransmitPolicy PATIENT = new RetransmitPolicy(Duration.ofSeconds(1), 1.0, 10);

    private static ConnectionConfig dpd(ConnectionConfig c, DeadPeerDetection dpd, RetransmitPolicy retransmit) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), dpd, retransmit);
    }

    private static EnginePair pair(Action action) {
        return new EnginePair(c -> dpd(c, new DeadPeerDetection(DELAY, TIMEOUT, action), PATIENT), c -> c, EngineOptions.DEFAULT);
    }

    private static List<EngineEvent> events(IkeEngine engine) {
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        engine.onEvent(events::add);
        return events;
    }

    private static List<IkeDown> downs(List<EngineEvent> events) {
        return events.stream().filter(IkeDown.class::isInstance).map(IkeDown.class::cast).toList();
    }

    private static long initRequestsBy(EnginePair p, java.net.InetAddress from) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_SA_INIT && !s.header().response()
                && s.datagram().local().getAddress().equals(from)).count();
    }

    @Test
    void aLivePeerAnswersTheProbesAndADeadOneIsClearedAfterTheTimeout() throws InterruptedException {
        try (EnginePair p = pair(Action.CLEAR)) {
            List<EngineEvent> events = events(p.alice);
            p.establish();
            // HDR, SK {}  -->       (after 0.5 s of silence)
            //             <--  HDR, SK {}
            EnginePair.await("probes answered", () -> p.net.sent().stream()
                    .filter(s -> s.header().exchangeType() == ExchangeType.INFORMATIONAL && s.header().response()).count() >= 2);
            assertThat(downs(events)).as("a peer that answers is alive").isEmpty();

            long cut = System.nanoTime();
            p.net.cut(EnginePair.BOB);
            EnginePair.await("alice finds bob dead", () -> !downs(events).isEmpty());
            Duration took = Duration.ofNanos(System.nanoTime() - cut);
            assertThat(took).as("probe after at most the delay, dead after the timeout, long before the retransmissions end")
                    .isBetween(TIMEOUT, DELAY.plus(TIMEOUT).plusSeconds(2));
            IkeDown down = downs(events).getFirst();
            assertThat(down.peerDead()).isTrue();
            assertThat(down.reason()).contains("DPD");
            assertThat(p.aliceSink.installed).isEmpty();
            assertThat(p.aliceSink.policies).as("clear leaves no trap").isEmpty();
            Thread.sleep(1000);
            assertThat(initRequestsBy(p, EnginePair.ALICE)).as("clear: not set up again").isEqualTo(1);
        }
    }

    @Test
    void restartSetsTheConnectionUpAgainAtOnce() {
        try (EnginePair p = pair(Action.RESTART)) {
            List<EngineEvent> events = events(p.alice);
            p.establish();
            long firstSpi = p.aliceSink.current().getFirst().inbound().spi();
            p.net.cut(EnginePair.BOB);
            EnginePair.await("alice finds bob dead", () -> !downs(events).isEmpty());
            assertThat(downs(events).getFirst().peerDead()).isTrue();
            EnginePair.await("a new IKE_SA_INIT right away", () -> initRequestsBy(p, EnginePair.ALICE) == 2);
            // bob is back before alice's retransmissions of it end: the connection comes up again, and bob drops
            // his stale IKE SA on alice's INITIAL_CONTACT
            p.net.reconnect(EnginePair.BOB);
            EnginePair.await("up again with a new Child SA", () -> p.aliceSink.current().size() == 1
                    && p.aliceSink.current().getFirst().inbound().spi() != firstSpi && EnginePair.established(p.alice));
            EnginePair.await("bob keeps only the new IKE SA", () -> p.bob.ikeSas("net").size() == 1);
            assertThat(p.bobSink.current()).hasSize(1);
        }
    }

    @Test
    void holdKeepsThePolicyAsATrapWhoseTrafficSetsTheConnectionUpAgain() throws InterruptedException {
        try (EnginePair p = pair(Action.HOLD)) {
            List<EngineEvent> events = events(p.alice);
            p.establish();
            TrafficPolicy policy = p.aliceSink.policies.values().iterator().next();
            p.net.cut(EnginePair.BOB);
            EnginePair.await("alice finds bob dead", () -> !downs(events).isEmpty());
            assertThat(p.aliceSink.installed).isEmpty();
            assertThat(p.aliceSink.policies.values()).as("the policy stays, without SA").containsExactly(policy);
            Thread.sleep(1000);
            assertThat(initRequestsBy(p, EnginePair.ALICE)).as("held: nothing happens without traffic").isEqualTo(1);

            p.net.reconnect(EnginePair.BOB);
            p.aliceSink.listener.acquire(policy.reqid()); // what the data path raises for a packet the trap matches
            EnginePair.await("up again", () -> p.aliceSink.current().size() == 1 && EnginePair.established(p.alice));
            assertThat(p.aliceSink.policies).as("the trap went when SAs came").hasSize(1).doesNotContainKey(policy.reqid());
        }
    }

    @Test
    void aRequestLeftUnansweredAlsoMeansADeadPeerEvenWithoutProbes() {
        RetransmitPolicy quick = new RetransmitPolicy(Duration.ofMillis(100), 1.0, 3);
        try (EnginePair p = new EnginePair(c -> dpd(c, new DeadPeerDetection(Duration.ZERO, Duration.ZERO, Action.RESTART), quick),
                c -> c, EngineOptions.DEFAULT)) {
            List<EngineEvent> events = events(p.alice);
            p.establish();
            p.net.cut(EnginePair.BOB);
            p.alice.rekeyChildren("net");
            EnginePair.await("alice finds bob dead", () -> !downs(events).isEmpty());
            assertThat(downs(events).getFirst().peerDead()).isTrue();
            assertThat(downs(events).getFirst().reason()).contains("no response");
            EnginePair.await("restarted", () -> initRequestsBy(p, EnginePair.ALICE) >= 2);
        }
    }
}
