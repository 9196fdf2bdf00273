package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link AuthPuzzleFuzzTarget} (IKE_AUTH requests with a PS in front of SK,
 * RFC 8019 7.2, to a real responder engine under puzzles) for a bounded time; see {@link JazzerRun}.
 * Besides "no finding", the closing line must show that the run reached both outcomes (a request with
 * the valid solution answered, one without refused unanswered) and that no IKE SA was left once the
 * half-open timeout passed.
 */
class AuthPuzzleFuzzTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "AUTH_PUZZLE_FUZZ inputs=(\\d+) answered=(\\d+) refused=(\\d+) liveAfterTimeout=(\\d+) jobFailures=(\\d+)");

    @Test
    void responderChecksFuzzedPuzzleSolutionsInIkeAuthWithoutLeftoverState() throws Exception {
        Path seeds = JazzerRun.seeds("ike-auth-puzzle");
        // FuzzedDataProvider reads its choices from the end of the input: one seed per shape.
        Files.write(seeds.resolve("fuzzed-ps"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 8, 0});
        Files.write(seeds.resolve("mutated-solution"), new byte[] {7, 0, 0, 0, 3, 0, 0, 0, 1, 1});
        Files.write(seeds.resolve("no-ps"), new byte[] {2});
        Files.write(seeds.resolve("two-ps"), new byte[] {3});
        Files.write(seeds.resolve("raw-inner"), new byte[] {0, 0, 0, 8, 0, 0, 0, 0, 0, 35, 4});
        Files.write(seeds.resolve("valid"), new byte[] {5});
        JazzerRun run = JazzerRun.run("ike-auth-puzzle", AuthPuzzleFuzzTarget.class, "net.vpnaas.ike.**", JazzerRun.seconds());
        Matcher m = SUMMARY.matcher(run.output());
        assertThat(m.find()).as("the target's tear-down summary; log tail:%n%s", run.tail()).isTrue();
        System.out.println(m.group());
        assertThat(run.executions()).as("executions").isGreaterThan(200);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
        assertThat(Long.parseLong(m.group(2))).as("IKE_AUTH requests with the valid solution answered").isPositive();
        assertThat(Long.parseLong(m.group(3))).as("IKE_AUTH requests without a valid solution refused").isPositive();
        assertThat(Long.parseLong(m.group(4))).as("IKE SAs left after the half-open timeout").isZero();
        assertThat(Long.parseLong(m.group(5))).as("IKE SA jobs that failed with an exception").isZero();
    }
}
