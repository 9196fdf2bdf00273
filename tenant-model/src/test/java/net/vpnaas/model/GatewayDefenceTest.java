package net.vpnaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;

class GatewayDefenceTest {
    private static List<Violation> violations(GatewayDefence defence) {
        return new GatewaySpec("gw", Map.of(), List.of("192.0.2.1"), defence).withDefaults().validate(EndpointAddressRules.STRICT);
    }

    @Test
    void leftOutMeansTheEngineDefaultsAndFieldsLeftOutTakeTheirs() {
        assertThat(new GatewaySpec("gw", null, List.of("192.0.2.1")).withDefaults().defence()).isEqualTo(GatewayDefence.DEFAULT);
        assertThat(new GatewayDefence(10, null, null, null, null, null, null).withDefaults())
                .isEqualTo(new GatewayDefence(10, 200, 2000, 50, 200, 20, 5));
        assertThat(violations(null)).isEmpty();
    }

    @Test
    void thresholdsMustRiseFromCookiesToPuzzlesToTheLimit() {
        assertThat(violations(new GatewayDefence(300, 200, null, null, null, null, null)))
                .containsExactly(new Violation("defence.cookieThreshold", "must be between 0 and puzzleThreshold (200)"));
        assertThat(violations(new GatewayDefence(null, 3000, 2000, null, null, null, null)))
                .containsExactly(new Violation("defence.puzzleThreshold", "must be between 0 and halfOpenLimit (2000)"));
        assertThat(violations(new GatewayDefence(0, 0, 1, 1, 1, 0, 1))).isEmpty();
        assertThat(violations(new GatewayDefence(100, 100, 100, null, 100, null, null))).isEmpty();
    }

    @Test
    void oneAddressGetsNoMoreThanItsPrefixAndAPrefixNoMoreThanAll() {
        assertThat(violations(new GatewayDefence(null, null, null, 300, 200, null, null)))
                .containsExactly(new Violation("defence.perAddressLimit", "must be between 1 and perPrefixLimit (200)"));
        assertThat(violations(new GatewayDefence(null, null, null, null, 5000, null, null)))
                .containsExactly(new Violation("defence.perPrefixLimit", "must be between 1 and halfOpenLimit (2000)"));
        assertThat(violations(new GatewayDefence(null, null, null, 0, null, null, null)))
                .containsExactly(new Violation("defence.perAddressLimit", "must be between 1 and perPrefixLimit (200)"));
    }

    @Test
    void boundsOfTheIndependentSettings() {
        assertThat(violations(new GatewayDefence(null, null, 0, null, null, 33, 0))).extracting(Violation::field)
                .containsExactly("defence.halfOpenLimit", "defence.maxPuzzleDifficulty", "defence.authFailureLimit");
        assertThat(violations(new GatewayDefence(null, null, 1_000_000, null, null, 32, 1000))).isEmpty();
        assertThat(violations(new GatewayDefence(null, null, 1_000_001, null, null, -1, 1001))).extracting(Violation::field)
                .containsExactly("defence.halfOpenLimit", "defence.maxPuzzleDifficulty", "defence.authFailureLimit");
    }
}
