package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import net.vpnaas.ike.qkd.QkdKeyExchange;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the QKD key exchange's Key Exchange Data decoder ({@link QkdKeyExchangeFuzzTarget})
 * for a bounded time; see {@link JazzerRun}.
 */
class QkdKeyExchangeFuzzTest {

    @Test
    void keyIdDecoderSurvivesCoverageGuidedFuzzing() throws Exception {
        Path seeds = JazzerRun.seeds("qkd-ke");
        Files.write(seeds.resolve("key-id"), QkdKeyExchange.encode(java.util.UUID.fromString("5b8a4d1c-2f3e-4a5b-9c6d-7e8f9a0b1c2d")));
        Files.write(seeds.resolve("short"), new byte[] {1, 2, 3});
        JazzerRun run = JazzerRun.run("qkd-ke", QkdKeyExchangeFuzzTarget.class, "net.vpnaas.ike.qkd.**", JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.initialCoverage()).as("instrumentation reached the decoder").isPositive();
    }
}
