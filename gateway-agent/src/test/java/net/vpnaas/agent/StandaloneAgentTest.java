package net.vpnaas.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    void refusesWhatAGatewayCannotRunAsTheApiDoesBeforeTouchingTheSystem() throws Exception {
        Path config = ExampleConfigFiles.write(dir, ExampleConfigFiles.exampleJson()
                .replace("\"publicAddresses\": [\"192.0.2.1\", \"2001:db8::1\"]", "\"publicAddresses\": [\"192.0.2.1\"]"));

        assertThat(run(config.toString())).isEqualTo(StandaloneAgent.INVALID_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tunnels[1].peer: peer 'dc-paris' is at IPv6 address 2001:db8:100::7, and gateway 'gw-fra-1' has no IPv6");
    }

    @Test
    void checkRunsTheMappingAStartRuns() throws Exception {
        // valid for tenant-model, but the engine cannot read the key: only the mapping finds out
        Path config = ExampleConfigFiles.write(dir, ExampleConfigFiles.exampleJson());
        Files.writeString(dir.resolve("private/gw-fra-1.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThat(run(config.toString(), "--check")).isEqualTo(StandaloneAgent.NOT_SUPPORTED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot run this config:\ntunnel paris-dc: ");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("config OK");
    }

    /** The control plane's own form of a configuration, as it pushes it (protobuf JSON of a GatewaySnapshot). */
    static final String SNAPSHOT = """
            {"version": "3", "gatewayName": "edge", "localAddresses": ["192.0.2.1"],
             "peers": [{"name": "swan", "address": "192.0.2.2", "ikeIdentity": "swan.example", "psk": "0123456789abcdef0123"}],
             "policies": [{"name": "p", "ikeProposals": ["aes256gcm16-prfsha384-x25519"], "espProposals": ["aes256gcm16"],
                           "ikeLifetimeSeconds": 28800, "childLifetimeSeconds": 3600, "rekeyMarginSeconds": 300,
                           "rekeyFuzzPercent": 50, "dpdIntervalSeconds": 30, "dpdTimeoutSeconds": 150,
                           "replayWindow": 64, "startAction": "START_ACTION_INITIATE",
                           "encapsulation": "ENCAPSULATION_AUTO"}],
             "tunnels": [{"id": "t-1", "name": "a", "peerName": "swan", "policyName": "p",
                          "localTrafficSelectors": ["10.1.0.0/24"], "remoteTrafficSelectors": ["10.2.0.0/24"]}]}
            """;

    @Test
    void aPushedSnapshotSavedAsJsonIsAStandaloneConfigToo() throws Exception {
        Path file = Files.writeString(dir.resolve("snapshot.json"), SNAPSHOT);
        assertThat(run("--snapshot", file.toString(), "--check")).isEqualTo(StandaloneAgent.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("gateway edge: version 3, tunnels [a]").contains("config OK")
                .doesNotContain("0123456789abcdef0123");

        Path v6Peer = Files.writeString(dir.resolve("v6.json"), SNAPSHOT.replace("\"192.0.2.2\"", "\"2001:db8::2\""));
        assertThat(run("--snapshot", v6Peer.toString(), "--check")).isEqualTo(StandaloneAgent.INVALID_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tunnels[0].peer: peer 'swan' is at IPv6 address 2001:db8::2");

        Path broken = Files.writeString(dir.resolve("broken.json"), SNAPSHOT.replace("\"tunnels\"", "\"tunels\""));
        assertThat(run("--snapshot", broken.toString(), "--check")).isEqualTo(StandaloneAgent.INVALID_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tunels");
    }

    @Test
    void badArgumentsPrintUsage() {
        assertThat(run()).isEqualTo(StandaloneAgent.USAGE);
        assertThat(run("a.json", "--run")).isEqualTo(StandaloneAgent.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
