package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.message.ExchangeType;
import org.junit.jupiter.api.Test;

/**
 * A Child SA's rekey timer runs from when the Child SA was keyed. An IKE SA rekey moves the Child
 * SAs to the new IKE SA, and must not restart their timers: when the peer rekeys the IKE SA more often
 * than our Child SA lifetime, our Child SA would otherwise never be rekeyed, and the data path would
 * hard-expire it (the hard limit handed to the SaSink is fixed when the Child SA is installed).
 */
class ChildLifetimeAcrossIkeRekeyTest {

    @Test
    void peerIkeRekeysDoNotPostponeOurChildRekey() {
        // alice rekeys her Child SA 2 s after keying it; bob rekeys the IKE SA every 0.7 s.
        //                     <--  HDR, SK {SA(IKE), Ni, KEi}        (bob, every 0.7 s)
        // HDR, SK {SA(IKE), Nr, KEr}  -->
        //                     <--  HDR(old), SK {D(IKE)}
        // ... and 2 s after the Child SA was keyed, on whichever IKE SA is current:
        // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  -->                (alice)
        try (EnginePair p = new EnginePair(c -> EnginePair.withLifetimes(c, new Lifetimes(Duration.ZERO, Duration.ZERO, Duration.ofMillis(2000), Duration.ZERO, 0)),
                c -> EnginePair.withLifetimes(c, new Lifetimes(Duration.ofMillis(700), Duration.ZERO, Duration.ZERO, Duration.ZERO, 0)), EngineOptions.DEFAULT)) {
            p.establish();
            long t0 = System.nanoTime(); // the Child SA was keyed just before

            EnginePair.await("alice rekeys her Child SA", () -> p.aliceSink.added.size() >= 2);
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            long bobIkeRekeys = p.net.sent().stream().filter(s -> s.datagram().remote().getAddress().equals(EnginePair.ALICE)
                    && s.header().exchangeType() == ExchangeType.CREATE_CHILD_SA && !s.header().response()).count();
            assertThat(bobIkeRekeys).as("IKE SA rekeys bob started before alice's Child SA rekey").isGreaterThanOrEqualTo(2);
            assertThat(tookMillis).as("ms from establishment to alice's Child SA rekey").isLessThan(3000);
            boolean aliceSentRekeySa = p.net.sent().stream().anyMatch(s -> s.datagram().remote().getAddress().equals(EnginePair.BOB)
                    && s.header().exchangeType() == ExchangeType.CREATE_CHILD_SA && !s.header().response());
            assertThat(aliceSentRekeySa).as("alice started a CREATE_CHILD_SA").isTrue();
        }
    }
}
