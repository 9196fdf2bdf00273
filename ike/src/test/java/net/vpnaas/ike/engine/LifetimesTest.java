package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.SaEventListener;
import org.junit.jupiter.api.Test;

/**
 * The lifetimes are the hard limits of the SAs, the rekey times come before them: a Child SA's limit
 * goes to the data path as configured (it was 1.1 x the rekey time, so an SA whose rekey failed went
 * before its lifetime), an IKE SA that was not replaced in time is deleted at its lifetime.
 */
class LifetimesTest {

    @Test
    void theDataPathGetsTheConfiguredChildLifetimeAsTheHardLimit() {
        // Lifetime 3600 s, rekeyed 540 s before (the agent's default margin); bob has other times.
        Lifetimes alice = new Lifetimes(Duration.ofSeconds(28_260), Duration.ofSeconds(28_800),
                Duration.ofSeconds(3_060), Duration.ofSeconds(3_600), 0.1);
        Lifetimes bob = new Lifetimes(Duration.ofHours(4), Duration.ofMinutes(264), Duration.ofHours(1), Duration.ofMinutes(66), 0.1);
        try (EnginePair p = new EnginePair(c -> EnginePair.withLifetimes(c, alice), c -> EnginePair.withLifetimes(c, bob), EngineOptions.DEFAULT)) {
            p.establish();
            ChildSaInstall a = p.aliceSink.added.getFirst();
            ChildSaInstall b = p.bobSink.added.getFirst();
            assertThat(a.lifetime().hardTime()).isEqualTo(Duration.ofSeconds(3_600));
            assertThat(b.lifetime().hardTime()).isEqualTo(Duration.ofMinutes(66));
            // The rekey is ours to time (jittered), not the data path's soft limit.
            assertThat(a.lifetime().softTime()).isZero();
        }
    }

    @Test
    void aChildSaAtItsHardLimitIsDeletedOnBothSidesAndItsIkeSaClosed() {
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        try (EnginePair p = new EnginePair()) {
            p.alice.onEvent(events::add);
            p.bob.onEvent(events::add);
            p.establish();
            ChildSaInstall child = p.aliceSink.current().getFirst();
            // Alice's data path reports the hard limit (its rekey never succeeded):
            // HDR, SK {D(ESP)}  -->   <--  HDR, SK {D(ESP)}
            // HDR, SK {D(IKE)}  <-->  HDR, SK {}     (nothing left to carry: whoever sees it first closes the IKE SA)
            p.aliceSink.listener.expired(child.inbound().spi(), SaEventListener.Limit.HARD);
            EnginePair.await("both sides report the IKE SA down", () -> events.stream().filter(e -> e instanceof EngineEvent.IkeDown).count() == 2);
            assertThat(p.alice.ikeSas("net")).isEmpty();
            assertThat(p.bob.ikeSas("net")).isEmpty();
            assertThat(p.bobSink.deleted).containsExactly(child.outbound().spi());
            assertThat(p.aliceSink.deleted).containsExactly(child.inbound().spi());
            // When both close at once, each may take the other's Delete first.
            assertThat(events).filteredOn(e -> e instanceof EngineEvent.IkeDown).hasSize(2).allSatisfy(e ->
                    assertThat(((EngineEvent.IkeDown) e).reason()).isIn("it carries no Child SA", "deleted by the peer"));
        }
    }

    @Test
    void anIkeSaNotRekeyedByItsLifetimeIsDeleted() {
        // Alice never rekeys her IKE SA (rekey 0) and gives it 1.5 s; bob has no limits.
        List<EngineEvent> aliceEvents = new CopyOnWriteArrayList<>();
        Lifetimes alice = new Lifetimes(Duration.ZERO, Duration.ofMillis(1500), Duration.ZERO, Duration.ZERO, 0);
        try (EnginePair p = new EnginePair(c -> EnginePair.withLifetimes(c, alice), c -> c, EngineOptions.DEFAULT)) {
            p.alice.onEvent(aliceEvents::add);
            p.establish();
            long t0 = System.nanoTime();
            // HDR, SK {D(IKE)}  -->   <--  HDR, SK {}
            EnginePair.await("the IKE SA deleted on both sides", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(tookMillis).as("ms from establishment to the Delete").isBetween(1_000L, 5_000L);
            assertThat(p.bobSink.installed).isEmpty();
            assertThat(aliceEvents).filteredOn(e -> e instanceof EngineEvent.IkeDown).singleElement()
                    .satisfies(e -> assertThat(((EngineEvent.IkeDown) e).reason()).isEqualTo("its lifetime ended"));
        }
    }

    @Test
    void anIkeSaRekeyedBeforeItsLifetimeLivesOnInItsSuccessor() throws InterruptedException {
        // Rekey after 0.6 s (minus up to 20 %), lifetime 1.2 s: each IKE SA is replaced before its limit, and the
        // limit of a replaced one does not take its successor down.
        Lifetimes alice = new Lifetimes(Duration.ofMillis(600), Duration.ofMillis(1200), Duration.ZERO, Duration.ZERO, 0.2);
        try (EnginePair p = new EnginePair(c -> EnginePair.withLifetimes(c, alice), c -> c, EngineOptions.DEFAULT)) {
            p.establish();
            IkeSa first = p.alice.ikeSas("net").getFirst();
            ChildSaInstall child = p.aliceSink.current().getFirst();
            Thread.sleep(Duration.ofMillis(2500)); // two lifetimes of the first IKE SA
            EnginePair.await("one IKE SA between rekeys", () -> p.alice.ikeSas("net").size() == 1
                    && p.alice.ikeSas("net").getFirst().state() == IkeSa.State.ESTABLISHED);
            assertThat(p.alice.ikeSas("net").getFirst().initiatorSpi()).isNotEqualTo(first.initiatorSpi());
            assertThat(p.aliceSink.current()).containsExactly(child);
            assertThat(p.aliceSink.deleted).isEmpty();
        }
    }
}
