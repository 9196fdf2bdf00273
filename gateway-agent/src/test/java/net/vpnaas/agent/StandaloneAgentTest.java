package net.vpnaas.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.vpnaas.agent.config.ExampleConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneAgentTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return StandaloneAgent.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void checkPrintsTheTunnelsOfAValidFile() throws Exception {
        Path config = ExampleConfigFiles.write(dir, ExampleConfigFiles.exampleJson());

        assertThat(run(config.toString(), "--check")).isEqualTo(StandaloneAgent.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("gateway gw-fra-1 (gw-fra-1.vpn.example)")
                .contains("tunnel berlin-lan: [10.0.0.0/16] -> [10.20.0.0/24, 10.21.0.0/24] via peer branch-berlin at 198.51.100.7 (psk)")
                .contains("config OK")
                .doesNotContain(ExampleConfigFiles.PSK);
    }

    @Test
    void invalidFileExitsWithTheFieldNamed() throws Exception {
        Path config = ExampleConfigFiles.write(dir, ExampleConfigFiles.exampleJson().replace("\"peer\": \"dc-paris\"", "\"peer\": \"x\""));

        assertThat(run(config.toString(), "--check")).isEqualTo(StandaloneAgent.INVALID_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tunnels[1].peer: no peer named 'x'");
    }

    @Test
    void refusesToRunWhatTheEngineCannotDoBeforeTouchingTheSystem() throws Exception {
        // Forced UDP encapsulation is valid config the IKE engine cannot honour yet.
        Path config = ExampleConfigFiles.write(dir, ExampleConfigFiles.exampleJson()
                .replace("\"encapsulation\": \"auto\"", "\"encapsulation\": \"force_udp\""));

        assertThat(run(config.toString())).isEqualTo(StandaloneAgent.NOT_SUPPORTED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tunnel berlin-lan: encapsulation \"force_udp\" is not supported by the IKE engine yet");
    }

    @Test
    void badArgumentsPrintUsage() {
        assertThat(run()).isEqualTo(StandaloneAgent.USAGE);
        assertThat(run("a.json", "--run")).isEqualTo(StandaloneAgent.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
