package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link ResponderFirstPacketFuzzTarget} (a real responder engine behind
 * {@code IkeEngine.receive}) for a bounded time; see {@link JazzerRun}. Besides "no finding", the
 * target's closing line must show that the run reached the COOKIE and PUZZLE defences and answered
 * messages, that live IKE SAs never exceeded the half-open limit, and that none was left once the
 * half-open timeout passed.
 */
class ResponderFirstPacketFuzzTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "RESPONDER_FUZZ inputs=(\\d+) maxLive=(\\d+) liveAfterTimeout=(\\d+) responses=(\\d+) cookies=(\\d+) puzzles=(\\d+) dropped=(\\d+) jobFailures=(\\d+)");

    @Test
    void responderSurvivesFuzzedFirstPacketsWithBoundedState() throws Exception {
        Path seeds = JazzerRun.seeds("ike-responder");
        // FuzzedDataProvider reads its choices from the end of the input: a few shapes to start from.
        Files.write(seeds.resolve("raw"), new byte[] {0x20, 0x22, 0x08, 0, 0, 0, 0, 0, 0});
        Files.write(seeds.resolve("fresh-init"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 2, 0, 0});
        Files.write(seeds.resolve("mutated-init"), new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 40, 1, 3, 1, 1, 0});
        Files.write(seeds.resolve("cookie-and-solution"), new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 1, 0, 4, 0, 0});
        JazzerRun run = JazzerRun.run("ike-responder", ResponderFirstPacketFuzzTarget.class, "net.vpnaas.ike.**",
                JazzerRun.seconds());
        Matcher m = SUMMARY.matcher(run.output());
        assertThat(m.find()).as("the target's tear-down summary; log tail:%n%s", run.tail()).isTrue();
        long maxLive = Long.parseLong(m.group(2));
        long liveAfterTimeout = Long.parseLong(m.group(3));
        long responses = Long.parseLong(m.group(4));
        long cookies = Long.parseLong(m.group(5));
        long puzzles = Long.parseLong(m.group(6));
        long dropped = Long.parseLong(m.group(7));
        long jobFailures = Long.parseLong(m.group(8));
        System.out.println(m.group());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
        assertThat(jobFailures).as("IKE SA jobs that failed with an exception").isZero();
        assertThat(responses).as("messages the responder sent").isPositive();
        assertThat(cookies).as("COOKIE replies once half-open SAs reached the threshold").isPositive();
        assertThat(puzzles).as("PUZZLE demands once half-open SAs reached the puzzle threshold").isPositive();
        assertThat(dropped).as("datagrams dropped as malformed or unexpected").isPositive();
        assertThat(maxLive).as("most live IKE SAs at once").isBetween(1L, (long) ResponderFirstPacketFuzzTarget.HALF_OPEN_LIMIT);
        assertThat(liveAfterTimeout).as("IKE SAs left after the half-open timeout").isZero();
    }
}
