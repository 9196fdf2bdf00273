package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link IntermediateFuzzTarget} (IKE_INTERMEDIATE requests with an ML-KEM
 * additional key exchange, properly protected, to a real responder engine) for a bounded time; see
 * {@link JazzerRun}. Besides "no finding", the closing line must show that the run reached both
 * outcomes (a key exchange answered, a malformed request refused with INVALID_SYNTAX) and that no
 * IKE SA was left once the half-open timeout passed.
 */
class IntermediateFuzzTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "INTERMEDIATE_FUZZ inputs=(\\d+) keyExchanges=(\\d+) invalidSyntax=(\\d+) unanswered=(\\d+) liveAfterTimeout=(\\d+) jobFailures=(\\d+)");

    @Test
    void responderSurvivesFuzzedIntermediateRequestsWithoutLeftoverState() throws Exception {
        Path seeds = JazzerRun.seeds("ike-intermediate");
        // FuzzedDataProvider reads its choices from the end of the input: one seed per shape.
        Files.write(seeds.resolve("raw-chain"), new byte[] {0, 0, 0, 8, 0, 0, 0, 0, 1, 0});
        Files.write(seeds.resolve("fuzzed-ke"), new byte[] {5, 5, 5, 5, 0, 0, 0, 16, 1, 1});
        Files.write(seeds.resolve("mutated-key"), new byte[] {7, 0, 0, 1, 0, 0, 0, 1, 2});
        Files.write(seeds.resolve("valid"), new byte[] {3});
        JazzerRun run = JazzerRun.run("ike-intermediate", IntermediateFuzzTarget.class, "net.vpnaas.ike.**", JazzerRun.seconds());
        Matcher m = SUMMARY.matcher(run.output());
        assertThat(m.find()).as("the target's tear-down summary; log tail:%n%s", run.tail()).isTrue();
        System.out.println(m.group());
        assertThat(run.executions()).as("executions").isGreaterThan(500);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
        assertThat(Long.parseLong(m.group(2))).as("ML-KEM exchanges answered").isPositive();
        assertThat(Long.parseLong(m.group(3))).as("requests refused with INVALID_SYNTAX").isPositive();
        assertThat(Long.parseLong(m.group(5))).as("IKE SAs left after the half-open timeout").isZero();
        assertThat(Long.parseLong(m.group(6))).as("IKE SA jobs that failed with an exception").isZero();
    }
}
