package net.vpnaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;

class PeerSpecTest {
    @Test
    void pskLengthIsCountedInUtf8Bytes() {
        var eightUmlauts = new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Psk("ääääääää"));
        assertThat(eightUmlauts.validate()).isEmpty();
        var fifteen = new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Psk("123456789012345"));
        assertThat(fifteen.validate()).extracting(Violation::field).containsExactly("auth.psk");
    }

    @Test
    void pskNeverAppearsInToString() {
        assertThat(new PeerAuth.Psk("super secret value").toString()).doesNotContain("super secret");
    }

    @Test
    void certificateAuthNeedsAParsableBundleAndAnIdentity() {
        var spec = new PeerSpec("p", Map.of(), "peer.example.com", "peer.example.com",
                new PeerAuth.Certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "CN="));
        assertThat(spec.validate()).extracting(Violation::field).containsExactly("auth.caBundlePem", "auth.expectedIdentity");
    }
}
