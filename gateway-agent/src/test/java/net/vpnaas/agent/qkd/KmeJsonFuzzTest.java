package net.vpnaas.agent.qkd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.vpnaas.ike.fuzz.JazzerRun;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the ETSI GS QKD 014 JSON a KME answers with ({@link KmeJsonFuzzTarget}),
 * run like the IKE decoder's (see {@link JazzerRun}; seconds: {@code -Dike.fuzz.seconds}, default 30).
 * Jackson's parser is instrumented too, so the fuzzer learns JSON's shape.
 */
class KmeJsonFuzzTest {

    @Test
    void keyContainerDecoderSurvivesCoverageGuidedFuzzing() throws Exception {
        Path seeds = JazzerRun.seeds("kme-json");
        Files.writeString(seeds.resolve("container"), """
                {"keys":[{"key_ID":"bc490419-7d60-487f-adc1-4ddcc177c139","key":"wHHVxRwDJs3/bXd38GHP3oe4svTuRpZS0yCC7x4Ly+s="}]}""",
                StandardCharsets.UTF_8);
        Files.writeString(seeds.resolve("error"), "{\"message\":\"key pool exhausted\",\"details\":[{\"x\":1}]}", StandardCharsets.UTF_8);
        JazzerRun run = JazzerRun.run("kme-json", KmeJsonFuzzTarget.class, "net.vpnaas.agent.qkd.**:tools.jackson.core.**",
                JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.initialCoverage()).as("instrumentation reached the decoder").isGreaterThan(100);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
    }
}
