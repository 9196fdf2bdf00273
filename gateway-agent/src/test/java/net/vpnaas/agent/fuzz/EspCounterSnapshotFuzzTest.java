package net.vpnaas.agent.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.vpnaas.dataplane.sync.EspCounterSnapshotFuzzTarget;
import net.vpnaas.ike.fuzz.JazzerRun;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the ESP counter snapshot decoder of the cluster sync channel and of the import
 * and takeover that follow it ({@link EspCounterSnapshotFuzzTarget}), with the Jazzer harness of the IKE fuzz
 * tests ({@link JazzerRun}; seconds: system property {@code ike.fuzz.seconds}, default 30). It runs here
 * because gateway-agent may see both ike/ (the harness) and dataplane/ (the decoder).
 */
class EspCounterSnapshotFuzzTest {

    @Test
    void counterSnapshotDecoderSurvivesCoverageGuidedFuzzing() throws Exception {
        Path seeds = JazzerRun.seeds("esp-counter-snapshot");
        for (Map.Entry<String, byte[]> seed : EspCounterSnapshotFuzzTarget.seeds().entrySet()) {
            Files.write(seeds.resolve(seed.getKey()), seed.getValue());
        }
        JazzerRun run = JazzerRun.run("esp-counter-snapshot", EspCounterSnapshotFuzzTarget.class,
                "net.vpnaas.dataplane.sync.**:net.vpnaas.dataplane.replay.**", JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.initialCoverage()).as("instrumentation reached the decoder").isGreaterThan(10);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
    }
}
