package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeSa;
import org.junit.jupiter.api.Test;

/** What an operator's listing reads from the engine: both sides' views agree, rekey and expiry times follow the lifetimes. */
class SaViewTest {

    /** Lifetimes that are not 10 % past the rekey times, so the views must show the configured ones. */
    private static final Lifetimes ALICE = new Lifetimes(Duration.ofHours(4), Duration.ofHours(5),
            Duration.ofHours(1), Duration.ofMinutes(75), 0);

    @Test
    void viewsOfBothSidesShowOneEstablishedIkeSaWithItsChildSaAndRekeyTimes() {
        try (EnginePair p = new EnginePair(c -> EnginePair.withLifetimes(c, ALICE), c -> c, EngineOptions.DEFAULT)) {
            Instant before = Instant.now();
            p.establish();
            IkeSaView a = p.alice.saViews("net", Duration.ofSeconds(5)).getFirst();
            IkeSaView b = p.bob.saViews("net", Duration.ofSeconds(5)).getFirst();

            assertThat(a.state()).isEqualTo(IkeSa.State.ESTABLISHED);
            assertThat(a.originalInitiator()).isTrue();
            assertThat(b.originalInitiator()).isFalse();
            assertThat(a.initiatorSpi()).isEqualTo(b.initiatorSpi());
            assertThat(a.responderSpi()).isEqualTo(b.responderSpi()).isNotZero();
            assertThat(a.local()).isEqualTo(b.remote());
            assertThat(a.localId()).isEqualTo("alice@example.org");
            assertThat(a.remoteId()).isEqualTo("@bob.example.org");
            assertThat(b.remoteId()).isEqualTo("alice@example.org");
            assertThat(a.algorithms()).isEqualTo(b.algorithms()).contains("AES_GCM_16_256").contains("CURVE25519");
            assertThat(a.establishedAt()).isBetween(before, Instant.now());
            assertThat(a.lastHeardAt()).as("bob's IKE_AUTH response").isBetween(before, Instant.now());
            assertThat(a.natDetected()).isFalse();
            assertThat(a.udpEncapsulationForced()).isFalse();
            assertThat(a.rekeyAt()).isCloseTo(a.establishedAt().plus(Duration.ofHours(4)), within(5, ChronoUnit.SECONDS));
            assertThat(a.expiresAt()).isCloseTo(a.establishedAt().plus(Duration.ofHours(5)), within(5, ChronoUnit.SECONDS));
            assertThat(b.rekeyAt()).as("bob's connection never rekeys").isNull();
            assertThat(b.expiresAt()).as("nor expires").isNull();

            ChildSaView ac = a.children().getFirst();
            ChildSaView bc = b.children().getFirst();
            assertThat(ac.state()).isEqualTo(ChildSa.State.INSTALLED);
            assertThat(ac.reqid()).as("the engine's reqid of the first Child SA").isEqualTo(1);
            assertThat(ac.inboundSpi()).isEqualTo(bc.outboundSpi());
            assertThat(ac.outboundSpi()).isEqualTo(bc.inboundSpi());
            assertThat(ac.algorithms()).isEqualTo("AES_GCM_16_256");
            assertThat(ac.localSelectors().getFirst().start().getHostAddress()).isEqualTo("10.1.0.0");
            assertThat(ac.remoteSelectors().getFirst().end().getHostAddress()).isEqualTo("10.2.255.255");
            assertThat(ac.rekeyAt()).isCloseTo(ac.installedAt().plus(Duration.ofHours(1)), within(5, ChronoUnit.SECONDS));
            assertThat(ac.expiresAt()).as("the data path's hard limit: the configured lifetime")
                    .isEqualTo(ac.installedAt().plus(Duration.ofMinutes(75)));
            assertThat(bc.rekeyAt()).isNull();
            assertThat(bc.expiresAt()).isNull();

            assertThat(p.alice.saViews("other", Duration.ofSeconds(1))).isEmpty();
        }
    }
}
