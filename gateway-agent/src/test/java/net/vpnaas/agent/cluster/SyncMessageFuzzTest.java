package net.vpnaas.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.vpnaas.ike.fuzz.JazzerRun;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the sync channel's framing and decoder ({@link SyncMessageFuzzTarget}) for a
 * bounded time, as the other decoders' (see {@link JazzerRun}; seconds: {@code -Dike.fuzz.seconds}, default
 * 30; corpus in {@code gateway-agent/target/fuzz/}). The IKE SA state inside SaChanged is fuzzed by ike's
 * {@code IkeSaStateFuzzTest}.
 */
class SyncMessageFuzzTest {

    @Test
    void syncDecoderSurvivesCoverageGuidedFuzzing() throws Exception {
        Path seeds = JazzerRun.seeds("sync-message");
        List<SyncMessage> examples = SyncCodecTest.examples();
        for (int i = 0; i < examples.size(); i++) Files.write(seeds.resolve("message-" + i), SyncCodec.encode(examples.get(i)));
        JazzerRun run = JazzerRun.run("sync-message", SyncMessageFuzzTarget.class, "net.vpnaas.agent.cluster.**", JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.initialCoverage()).as("instrumentation reached the decoder").isGreaterThan(50);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
    }
}
