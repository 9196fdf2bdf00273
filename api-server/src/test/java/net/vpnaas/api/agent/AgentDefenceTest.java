package net.vpnaas.api.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.vpnaas.model.agent.v1.DefenceLevel;
import net.vpnaas.model.agent.v1.DefenceReport;
import org.junit.jupiter.api.Test;

/** Agents are authenticated, but what they report is input: an implausible defence report is not stored. */
class AgentDefenceTest {
    private static DefenceReport.Builder report() {
        return DefenceReport.newBuilder().setLevel(DefenceLevel.DEFENCE_COOKIES).setHalfOpen(250).setCookiesSent(10)
                .putDrops("ADDRESS_LIMIT", 3).setAtEpochMillis(1_765_000_000_000L);
    }

    @Test
    void aPlausibleReportIsTakenWithItsDropsAsJson() {
        AgentDefence d = AgentDefence.of(report().build()).orElseThrow();
        assertThat(d.level()).isEqualTo("COOKIES");
        assertThat(d.halfOpen()).isEqualTo(250);
        assertThat(d.dropsJson()).isEqualTo("{\"ADDRESS_LIMIT\":3}");
        assertThat(AgentDefence.dropsFromJson(d.dropsJson())).isEqualTo(Map.of("ADDRESS_LIMIT", 3L));
    }

    @Test
    void implausibleReportsAreRefused() {
        assertThat(AgentDefence.of(report().setLevel(DefenceLevel.DEFENCE_LEVEL_UNSPECIFIED).build())).isEmpty();
        assertThat(AgentDefence.of(report().setLevelValue(42).build())).as("a level this server does not know").isEmpty();
        assertThat(AgentDefence.of(report().setPuzzleDifficulty(256).build())).isEmpty();
        assertThat(AgentDefence.of(report().setHalfOpen(-1).build())).isEmpty();
        assertThat(AgentDefence.of(report().putDrops("<script>", 1).build())).as("a reason that is not a name").isEmpty();
        assertThat(AgentDefence.of(report().putDrops("X".repeat(41), 1).build())).isEmpty();
        assertThat(AgentDefence.of(report().putDrops("UNKNOWN_SPI", -5).build())).isEmpty();
        DefenceReport.Builder many = report();
        for (int i = 0; i < 33; i++) many.putDrops("R" + (char) ('A' + i % 26) + (char) ('A' + i / 26), 1);
        assertThat(AgentDefence.of(many.build())).as("more reasons than any engine has").isEmpty();
    }
}
