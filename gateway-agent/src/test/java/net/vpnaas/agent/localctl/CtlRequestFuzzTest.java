package net.vpnaas.agent.localctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.vpnaas.ike.fuzz.JazzerRun;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the control socket's request framing and decoder
 * ({@link CtlRequestFuzzTarget}) for a bounded time, run like the IKE decoder's (see {@link JazzerRun};
 * seconds: {@code -Dike.fuzz.seconds}, default 30; corpus in {@code gateway-agent/target/fuzz/}).
 * Jackson's parser is instrumented too, so the fuzzer learns JSON's shape.
 */
class CtlRequestFuzzTest {

    @Test
    void requestDecoderSurvivesCoverageGuidedFuzzing() throws Exception {
        Path seeds = JazzerRun.seeds("ctl-request");
        List<CtlRequest> examples = List.of(new CtlRequest.ListSas(), new CtlRequest.Initiate("berlin-lan"),
                new CtlRequest.Terminate("t"), new CtlRequest.Rekey("t", CtlRequest.Rekey.Scope.IKE), new CtlRequest.Reload(),
                new CtlRequest.ShowLogLevel(), new CtlRequest.SetLogLevel("DEBUG"));
        for (int i = 0; i < examples.size(); i++) Files.write(seeds.resolve("request-" + i), CtlProtocol.encode(examples.get(i)));
        JazzerRun run = JazzerRun.run("ctl-request", CtlRequestFuzzTarget.class,
                "net.vpnaas.agent.localctl.**:tools.jackson.core.**", JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.initialCoverage()).as("instrumentation reached the decoder").isGreaterThan(100);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
    }
}
