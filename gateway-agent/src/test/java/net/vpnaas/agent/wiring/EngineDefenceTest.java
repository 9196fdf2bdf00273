package net.vpnaas.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.vpnaas.ike.engine.DefenceOptions;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.model.GatewayDefence;
import org.junit.jupiter.api.Test;

class EngineDefenceTest {

    @Test
    void theDefaultsAreTheEnginesExactly() {
        assertThat(EngineDefence.options(EngineOptions.DEFAULT, GatewayDefence.DEFAULT)).isEqualTo(EngineOptions.DEFAULT);
    }

    @Test
    void whatIsNotTunedFollowsFromWhatIs() {
        // The smallest settings validation admits: every derived value stays within what DefenceOptions accepts.
        DefenceOptions smallest = EngineDefence.defence(new GatewayDefence(0, 0, 1, 1, 1, 0, 1));
        assertThat(smallest).isEqualTo(new DefenceOptions(0, 0, 1, 1, 1, 0, 0, 100, 20, Duration.ofMinutes(5), 1, Duration.ofSeconds(12)));
        DefenceOptions tuned = EngineDefence.defence(new GatewayDefence(10, 300, 400, 5, 20, 4, 3));
        assertThat(tuned.legacyHalfOpenLimit()).as("half the limit, not below the puzzle threshold").isEqualTo(300);
        assertThat(tuned.minDifficulty()).as("not above the maximum").isEqualTo(4);
        assertThat(tuned.maxDifficulty()).isEqualTo(4);
        assertThat(tuned.authFailureLimit()).isEqualTo(3);
        assertThat(EngineDefence.options(EngineOptions.DEFAULT, new GatewayDefence(10, 300, 400, 5, 20, 4, 3)).cookieThreshold())
                .isEqualTo(10);
    }
}
