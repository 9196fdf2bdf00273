package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link InitiatorPuzzleFuzzTarget} (COOKIE and PUZZLE answers to a real
 * initiator engine) for a bounded time; see {@link JazzerRun}. Besides "no finding", the closing line
 * must show retries both with a solved puzzle and with the cookie alone.
 */
class InitiatorPuzzleFuzzTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "INITIATOR_PUZZLE_FUZZ inputs=(\\d+) solved=(\\d+) plain=(\\d+) violations=(\\d+) jobFailures=(\\d+)");

    @Test
    void initiatorSolvesOnlyThePuzzlesItShouldAndSurvivesTheRest() throws Exception {
        Path seeds = JazzerRun.seeds("ike-initiator-puzzle");
        // FuzzedDataProvider reads its choices from the end of the input.
        Files.write(seeds.resolve("puzzle"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 4, 1, 1, 7, 1});
        Files.write(seeds.resolve("cookie-only"), new byte[] {1, 2, 3, 4, 0, 0, 3, 1});
        Files.write(seeds.resolve("raw"), new byte[] {0, 0, 0, 8, 0});
        JazzerRun run = JazzerRun.run("ike-initiator-puzzle", InitiatorPuzzleFuzzTarget.class, "net.vpnaas.ike.**", JazzerRun.seconds());
        Matcher m = SUMMARY.matcher(run.output());
        assertThat(m.find()).as("the target's tear-down summary; log tail:%n%s", run.tail()).isTrue();
        System.out.println(m.group());
        assertThat(run.executions()).as("executions").isGreaterThan(500);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
        assertThat(Long.parseLong(m.group(2))).as("retries with a solved puzzle").isPositive();
        assertThat(Long.parseLong(m.group(3))).as("retries with the cookie alone").isPositive();
        assertThat(Long.parseLong(m.group(4))).as("violations").isZero();
        assertThat(Long.parseLong(m.group(5))).as("IKE SA jobs that failed with an exception").isZero();
    }
}
