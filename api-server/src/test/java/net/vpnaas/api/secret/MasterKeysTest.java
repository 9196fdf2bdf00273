package net.vpnaas.api.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.vpnaas.api.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which keys the settings give, and the one-line refusals naming the setting at fault. */
class MasterKeysTest {
    static MasterKeys of(String key, String file, List<String> previous, List<String> previousFiles, boolean throwaway) {
        return new MasterKeys(new SecretsProperties(key, file, previous, previousFiles, throwaway));
    }

    @Test
    void withoutAMasterKeyNothingStartsUnlessThrowaway() {
        assertThatThrownBy(() -> of("", "", List.of(), List.of(), false))
                .isInstanceOf(MasterKeyConfigurationException.class)
                .hasMessageStartingWith("vpnaas.secrets.master-key is not set")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        MasterKeys first = of(null, null, List.of(), List.of(), true);
        MasterKeys second = of(null, null, List.of(), List.of(), true);
        assertThat(first.current().idHex()).as("a random key each time").isNotEqualTo(second.current().idHex());
    }

    @Test
    void keysComeInlineOrFromFilesCurrentFirst(@TempDir Path dir) throws Exception {
        String current = TestKeys.newKey(), previous = TestKeys.newKey(), previousInFile = TestKeys.newKey();
        Path currentFile = Files.writeString(dir.resolve("master.key"), current + "\n");
        Path previousFile = Files.writeString(dir.resolve("old.key"), previousInFile + "\n");

        MasterKeys keys = of(null, currentFile.toString(), List.of(previous, current), List.of(previousFile.toString()), false);
        assertThat(keys.all()).extracting(MasterKey::idHex).as("the current key listed as previous too counts once")
                .containsExactly(TestKeys.idOf(current), TestKeys.idOf(previous), TestKeys.idOf(previousInFile));
        assertThat(of(ApiTestBase.MASTER_KEY, null, List.of(), List.of(), true).current().idHex())
                .as("throwaway changes nothing when a key is given").isEqualTo(TestKeys.idOf(ApiTestBase.MASTER_KEY));
    }

    @Test
    void wrongSettingsAreNamed(@TempDir Path dir) {
        String key = TestKeys.newKey();
        assertThatThrownBy(() -> of(key, dir.resolve("k").toString(), List.of(), List.of(), false))
                .hasMessage("vpnaas.secrets.master-key and vpnaas.secrets.master-key-file are both set: set one");
        assertThatThrownBy(() -> of("not base64!", null, List.of(), List.of(), false))
                .hasMessage("vpnaas.secrets.master-key is not base64");
        assertThatThrownBy(() -> of(key, null, List.of("AAAA"), List.of(), false))
                .hasMessage("vpnaas.secrets.previous-master-keys[0] must decode to 32 bytes, not 3");
        assertThatThrownBy(() -> of(null, dir.resolve("missing.key").toString(), List.of(), List.of(), false))
                .isInstanceOf(MasterKeyConfigurationException.class)
                .hasMessageStartingWith("vpnaas.secrets.master-key-file: cannot read " + dir.resolve("missing.key"));
    }
}
