package net.vpnaas.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The takeover advance rule: rate x (time since the sync + margin) x headroom, never below the floor, never wrapping. */
class SequenceAdvanceTest {
    private static final SequenceAdvance RULE = new SequenceAdvance(Duration.ofMillis(200), 1000, 2.0);
    private static final long LAST_32 = 0xFFFF_FFFFL;

    @Test
    void advanceGrowsWithRateAndTimeSinceTheSync() {
        // 10,000 packets/s for 0.3 s + 0.2 s margin, twice over: 10,000 numbers.
        assertThat(RULE.packets(10_000, Duration.ofMillis(300))).isEqualTo(10_000);
        assertThat(RULE.packets(10_000, Duration.ofMillis(1800))).isEqualTo(40_000);
        assertThat(RULE.packets(20_000, Duration.ofMillis(300))).isEqualTo(20_000);
    }

    @Test
    void advanceIsMoreThanTheSaCanHaveSentAtItsMeasuredRate() {
        long rate = 123_457;
        Duration since = Duration.ofMillis(777);
        long sentAtMost = (long) Math.ceil(rate * since.toNanos() / 1e9);
        assertThat(RULE.packets(rate, since)).isGreaterThan(sentAtMost);
    }

    @Test
    void anIdleOrSlowSaStillJumpsByTheFloor() {
        assertThat(RULE.packets(0, Duration.ZERO)).isEqualTo(1000);
        assertThat(RULE.packets(0, Duration.ofSeconds(30))).isEqualTo(1000);
        assertThat(RULE.packets(10, Duration.ofMillis(300))).isEqualTo(1000);
        assertThat(SequenceAdvance.DEFAULT.packets(0, Duration.ZERO)).isEqualTo(1L << 20);
    }

    @Test
    void anAbsurdRateSaturatesInsteadOfOverflowing() {
        assertThat(RULE.packets(Long.MAX_VALUE, Duration.ofDays(365))).isEqualTo(1L << 62);
    }

    @Test
    void continuesAfterTheAdvanceWhileTheCounterHasRoom() {
        assertThat(SequenceAdvance.continueAt(5000, 1000, LAST_32)).hasValue(6000);
        assertThat(SequenceAdvance.continueAt(LAST_32 - 1000, 1000, LAST_32)).hasValue(LAST_32); // one packet left
    }

    @Test
    void aCounterThatWouldPassTheLimitMustBeRekeyedNotWrapped() {
        assertThat(SequenceAdvance.continueAt(LAST_32 - 999, 1000, LAST_32)).isEmpty();
        assertThat(SequenceAdvance.continueAt(1L << 32, 1, LAST_32)).isEmpty(); // already spent
        // ESN: 64-bit numbers, still never past the top
        assertThat(SequenceAdvance.continueAt(1L << 32, 1000, Long.MAX_VALUE)).hasValue((1L << 32) + 1000);
        assertThat(SequenceAdvance.continueAt(Long.MAX_VALUE - 10, 1L << 62, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void refusesWhatCannotBe() {
        assertThatThrownBy(() -> RULE.packets(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RULE.packets(1, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceAdvance(Duration.ZERO, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceAdvance(Duration.ZERO, 1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
