package net.vpnaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;

class TunnelSpecTest {
    private static TunnelSpec tunnel(List<String> local, List<String> remote, String inside) {
        return new TunnelSpec("t", Map.of(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), local, remote, inside);
    }

    @Test
    void acceptsDisjointDualStackSelectors() {
        assertThat(tunnel(List.of("10.1.0.0/16", "2001:db8:1::/48"), List.of("10.2.0.0/16", "2001:db8:2::/48"),
                "169.254.10.0/30").validate()).isEmpty();
    }

    @Test
    void namesOverlapsAndBadSelectorsByIndex() {
        assertThat(tunnel(List.of("10.0.0.0/8", "10.1.0.0/16", "bogus"), List.of("192.168.0.0/16", "10.5.0.1-10.5.0.9"),
                "10.0.0.0/8").validate())
                .extracting(Violation::field)
                .containsExactly("localTrafficSelectors[1]", "localTrafficSelectors[2]", "remoteTrafficSelectors[1]", "insideCidr");
    }

    @Test
    void missingReferencesAreRequired() {
        var spec = new TunnelSpec("t", null, null, null, null, List.of("10.0.0.0/8"), List.of("192.168.0.0/16"), null);
        assertThat(spec.withDefaults().validate()).extracting(Violation::field).containsExactly("gatewayId", "peerId", "policyId");
    }
}
