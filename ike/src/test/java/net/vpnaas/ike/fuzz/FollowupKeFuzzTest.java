package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link FollowupKeFuzzTarget} (IKE_FOLLOWUP_KE requests after a CREATE_CHILD_SA
 * with an ML-KEM additional key exchange, properly protected, to a real responder engine) for a bounded
 * time; see {@link JazzerRun}. Besides "no finding", the closing line must show that the run reached the
 * three answers (a key exchange, INVALID_SYNTAX, STATE_NOT_FOUND) and that the IKE SA survived.
 */
class FollowupKeFuzzTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "FOLLOWUP_FUZZ inputs=(\\d+) keyExchanges=(\\d+) invalidSyntax=(\\d+) stateNotFound=(\\d+) unanswered=(\\d+) ikeSas=(\\d+) jobFailures=(\\d+)");

    @Test
    void responderSurvivesFuzzedFollowupKeRequests() throws Exception {
        Path seeds = JazzerRun.seeds("ike-followup-ke");
        // FuzzedDataProvider reads its choices from the end of the input: one seed per shape.
        Files.write(seeds.resolve("raw-chain"), new byte[] {0, 0, 0, 8, 0, 0, 0, 0, 1, 0});
        Files.write(seeds.resolve("fuzzed-ke"), new byte[] {5, 5, 5, 5, 0, 0, 0, 16, 1, 1});
        Files.write(seeds.resolve("other-link"), new byte[] {7, 7, 7, 7, 4, 1, 2});
        Files.write(seeds.resolve("valid"), new byte[] {3});
        JazzerRun run = JazzerRun.run("ike-followup-ke", FollowupKeFuzzTarget.class, "net.vpnaas.ike.**", JazzerRun.seconds());
        Matcher m = SUMMARY.matcher(run.output());
        assertThat(m.find()).as("the target's tear-down summary; log tail:%n%s", run.tail()).isTrue();
        System.out.println(m.group());
        assertThat(run.executions()).as("executions").isGreaterThan(200);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
        assertThat(Long.parseLong(m.group(2))).as("follow-up key exchanges answered").isPositive();
        assertThat(Long.parseLong(m.group(3))).as("requests refused with INVALID_SYNTAX").isPositive();
        assertThat(Long.parseLong(m.group(4))).as("requests answered STATE_NOT_FOUND").isPositive();
        assertThat(Long.parseLong(m.group(6))).as("the fuzzed IKE SA is still there").isEqualTo(1);
        assertThat(Long.parseLong(m.group(7))).as("IKE SA jobs that failed with an exception").isZero();
    }
}
