package net.vpnaas.agent.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.vpnaas.dataplane.stream.StreamFrameParserFuzzTarget;
import net.vpnaas.ike.fuzz.JazzerRun;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the data path's TCP stream parser (RFC 9329 prefix and framing,
 * {@link StreamFrameParserFuzzTarget}), with the Jazzer harness of the IKE fuzz tests
 * ({@link JazzerRun}; seconds: system property {@code ike.fuzz.seconds}, default 30). It runs here
 * because gateway-agent is the module that may see both ike/ (the harness) and dataplane/ (the
 * parser).
 */
class StreamFrameParserFuzzTest {

    @Test
    void tcpStreamParserSurvivesCoverageGuidedFuzzing() throws Exception {
        Path seeds = JazzerRun.seeds("tcp-stream");
        for (Map.Entry<String, byte[]> seed : StreamFrameParserFuzzTarget.seeds().entrySet()) {
            Files.write(seeds.resolve(seed.getKey()), seed.getValue());
        }
        JazzerRun run = JazzerRun.run("tcp-stream", StreamFrameParserFuzzTarget.class, "net.vpnaas.dataplane.stream.**",
                JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.initialCoverage()).as("instrumentation reached the parser").isGreaterThan(10);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
    }
}
