package net.vpnaas.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import net.vpnaas.agent.config.ExampleConfigFiles;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload of a standalone file touches: exactly the tunnels whose own, peer or policy settings changed. */
class StandaloneReloadDiffTest {

    @TempDir
    Path dir;

    private StandaloneConfig load(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return StandaloneConfigLoader.load(file);
    }

    @Test
    void theSameFileReadAgainChangesNothing() throws Exception {
        String json = ExampleConfigFiles.exampleJson();
        ExampleConfigFiles.write(dir, json);
        // Two loads make distinct records (the PSK read from its file each time) of equal values.
        assertThat(StandaloneGateway.changes(load(json), load(json))).isEmpty();
    }

    @Test
    void aNewPskChangesOnlyTheTunnelsOfThatPeer() throws Exception {
        String json = ExampleConfigFiles.exampleJson();
        ExampleConfigFiles.write(dir, json);
        StandaloneConfig before = load(json);
        Files.writeString(dir.resolve("secrets/branch-berlin.psk"), "a completely different secret!\n");
        assertThat(StandaloneGateway.changes(before, load(json))).extracting(TunnelChange::name).containsExactly("berlin-lan");
    }

    @Test
    void policySelectorAndMembershipChangesInApplyOrder() throws Exception {
        String json = ExampleConfigFiles.exampleJson();
        ExampleConfigFiles.write(dir, json);
        StandaloneConfig before = load(json);
        String after = json.replace("\"childLifetimeSeconds\": 3600", "\"childLifetimeSeconds\": 7200")
                .replace("\"name\": \"paris-dc\"", "\"name\": \"paris-dc-2\"");
        assertThat(StandaloneGateway.changes(before, load(after))).extracting(c -> c.getClass().getSimpleName() + " " + c.name())
                .containsExactly("Removed paris-dc", "Changed berlin-lan", "Added paris-dc-2");
    }
}
