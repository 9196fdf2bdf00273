package net.vpnaas.agent.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.vpnaas.dataplane.mtu.PacketTooBigReportFuzzTarget;
import net.vpnaas.ike.fuzz.JazzerRun;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the data path's ICMP Packet Too Big decoder and the check of the packet
 * it quotes ({@link PacketTooBigReportFuzzTarget}), with the Jazzer harness of the IKE fuzz tests
 * ({@link JazzerRun}; seconds: system property {@code ike.fuzz.seconds}, default 30). It runs here
 * because gateway-agent is the module that may see both ike/ (the harness) and dataplane/ (the
 * decoder).
 */
class PacketTooBigReportFuzzTest {

    @Test
    void packetTooBigDecoderSurvivesCoverageGuidedFuzzing() throws Exception {
        Path seeds = JazzerRun.seeds("packet-too-big");
        for (Map.Entry<String, byte[]> seed : PacketTooBigReportFuzzTarget.seeds().entrySet()) {
            Files.write(seeds.resolve(seed.getKey()), seed.getValue());
        }
        JazzerRun run = JazzerRun.run("packet-too-big", PacketTooBigReportFuzzTarget.class, "net.vpnaas.dataplane.mtu.**",
                JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.initialCoverage()).as("instrumentation reached the decoder").isGreaterThan(10);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
    }
}
