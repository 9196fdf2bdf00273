package net.vpnaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;

class CryptoPolicySpecTest {
    private static CryptoPolicySpec spec(int child, int margin, int fuzz) {
        return new CryptoPolicySpec("p", Map.of(), List.of("aes256gcm16-prfsha384-x25519"), List.of("aes256gcm16"),
                null, child, margin, fuzz, null, null, null, null, null, null).withDefaults();
    }

    @Test
    void defaultsAreValid() {
        assertThat(spec(3600, 540, 100).validate()).isEmpty();
    }

    @Test
    void rekeyMarginStretchedByFuzzMustStayBelowTheLifetime() {
        assertThat(spec(600, 299, 100).validate()).isEmpty();
        assertThat(spec(600, 300, 100).validate()).extracting(Violation::field).containsExactly("rekeyMarginSeconds");
        assertThat(spec(600, 700, 0).validate()).extracting(Violation::field).containsExactly("rekeyMarginSeconds");
    }

    @Test
    void everyBadFieldIsNamed() {
        var bad = new CryptoPolicySpec("", Map.of("UPPER", "x"), List.of("foo"), List.of(), 1, 1, 1, -1,
                new DpdSettings(10, 10, "boom"), -1, true, "modp1024", "go", "tcp");
        assertThat(bad.validate()).extracting(Violation::field).containsExactlyInAnyOrder(
                "name", "labels.UPPER", "ikeProposals[0]", "espProposals", "ikeLifetimeSeconds", "childLifetimeSeconds",
                "rekeyMarginSeconds", "rekeyFuzzPercent", "dpd.timeoutSeconds", "dpd.action", "replayWindow", "pfsGroup",
                "startAction", "encapsulation");
    }

    @Test
    void weakPfsGroupIsRefusedAsWeak() {
        var spec = new CryptoPolicySpec("p", Map.of(), List.of("aes256gcm16-prfsha384-x25519"), List.of("aes256gcm16"),
                null, null, null, null, null, null, null, "modp1536", null, null).withDefaults();
        assertThat(spec.validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("pfsGroup");
            assertThat(v.detail()).startsWith("'modp1536' is refused as weak");
        });
    }
}
