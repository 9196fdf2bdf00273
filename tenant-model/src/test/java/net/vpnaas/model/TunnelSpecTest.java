package net.vpnaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;

class TunnelSpecTest {
    private static TunnelSpec tunnel(List<String> local, List<String> remote) {
        return new TunnelSpec("t", Map.of(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), local, remote);
    }

    @Test
    void acceptsDisjointDualStackSelectors() {
        assertThat(tunnel(List.of("10.1.0.0/16", "2001:db8:1::/48"), List.of("10.2.0.0/16", "2001:db8:2::/48")).validate()).isEmpty();
    }

    @Test
    void namesOverlapsAndBadSelectorsByIndex() {
        assertThat(tunnel(List.of("10.0.0.0/8", "10.1.0.0/16", "bogus"), List.of("192.168.0.0/16", "10.5.0.1-10.5.0.9")).validate())
                .extracting(Violation::field)
                .containsExactly("localTrafficSelectors[1]", "localTrafficSelectors[2]", "remoteTrafficSelectors[1]");
    }

    @Test
    void missingReferencesAreRequired() {
        var spec = new TunnelSpec("t", null, null, null, null, List.of("10.0.0.0/8"), List.of("192.168.0.0/16"));
        assertThat(spec.withDefaults().validate()).extracting(Violation::field).containsExactly("gatewayId", "peerId", "policyId");
    }

    @Test
    void eachSelectorFamilyNeedsACounterpartOnTheOtherSide() {
        // all IPv4 against all IPv6: every selector is dead
        assertThat(tunnel(List.of("10.1.0.0/16", "10.3.0.0/16"), List.of("2001:db8:2::/48")).validate())
                .extracting(Violation::field)
                .containsExactly("localTrafficSelectors[0]", "localTrafficSelectors[1]", "remoteTrafficSelectors[0]");
        // dual stack on one side only: the lone IPv6 selector is named, by index
        assertThat(tunnel(List.of("10.1.0.0/16", "2001:db8:1::/48"), List.of("10.2.0.0/16", "10.3.0.0/24"))
                .validate())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("localTrafficSelectors[1]");
                    assertThat(v.detail()).isEqualTo("is IPv6 but remoteTrafficSelectors holds no IPv6 selector;"
                            + " traffic flows only between selectors of the same address family");
                });
        assertThat(tunnel(List.of("2001:db8:1::/48"), List.of("2001:db8:2::/48", "10.2.0.0/28")).validate())
                .extracting(Violation::field).containsExactly("remoteTrafficSelectors[1]");
        // one counterpart is enough, whatever the counts
        assertThat(tunnel(List.of("10.1.0.0/16", "2001:db8:1::/48"), List.of("10.2.0.0/16", "10.4.0.0/16", "2001:db8:2::/48"))
                .validate()).isEmpty();
    }

    @Test
    void familiesAreNotComparedWhileASelectorIsUnparsable() {
        assertThat(tunnel(List.of("10.1.0.0/16"), List.of("2001:db8:2::/48", "bogus")).validate())
                .extracting(Violation::field).containsExactly("remoteTrafficSelectors[1]");
    }

    @Test
    void addressRangesAreSelectorsLikePrefixes() {
        assertThat(tunnel(List.of("10.1.0.0/16"), List.of("10.2.0.0/16", "10.3.0.10-10.3.0.20")).validate()).isEmpty();
        assertThat(tunnel(List.of("10.1.0.0/16"), List.of("10.2.0.0/16", "10.2.255.250-10.3.0.20")).validate())
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("remoteTrafficSelectors[1]");
                    assertThat(v.detail()).isEqualTo("overlaps remoteTrafficSelectors[0]");
                });
        assertThat(tunnel(List.of("10.1.0.0/16"), List.of("10.3.0.20-10.3.0.10")).validate())
                .singleElement().satisfies(v -> assertThat(v.detail()).contains("inverted"));
    }
}
