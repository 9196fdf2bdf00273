package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import net.vpnaas.ike.sync.IkeSaStateCodec;
import net.vpnaas.ike.sync.SampleStates;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the IKE SA state decoder ({@link IkeSaStateFuzzTarget}) for a bounded time;
 * see {@link JazzerRun}. Seed: a state with every field set.
 */
class IkeSaStateFuzzTest {

    @Test
    void stateDecoderSurvivesCoverageGuidedFuzzing() throws Exception {
        Path seeds = JazzerRun.seeds("ike-sa-state");
        Files.write(seeds.resolve("full"), IkeSaStateCodec.encode(SampleStates.full()));
        JazzerRun run = JazzerRun.run("ike-sa-state", IkeSaStateFuzzTarget.class, "net.vpnaas.ike.sync.**", JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seed").isGreaterThan(run.initialCoverage());
    }
}
