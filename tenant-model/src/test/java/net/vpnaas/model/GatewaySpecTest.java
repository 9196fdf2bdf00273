package net.vpnaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;

class GatewaySpecTest {
    private static GatewaySpec gateway(String... addresses) {
        return new GatewaySpec("gw", Map.of(), List.of(addresses));
    }

    @Test
    void namesEachAddressThatCanNeverBeAnEndpoint() {
        assertThat(gateway("192.0.2.1", "127.0.0.1", "0.0.0.0", "2001:db8::1", "ff02::1", "255.255.255.255")
                .validate(EndpointAddressRules.STRICT))
                .extracting(Violation::field)
                .containsExactly("publicAddresses[1]", "publicAddresses[2]", "publicAddresses[4]", "publicAddresses[5]");
    }

    @Test
    void linkLocalAddressesOnlyWhereAllowed() {
        var linkLocal = gateway("169.254.1.1", "fe80::1");
        assertThat(linkLocal.validate(EndpointAddressRules.STRICT)).extracting(Violation::field)
                .containsExactly("publicAddresses[0]", "publicAddresses[1]");
        assertThat(linkLocal.validate(new EndpointAddressRules(true))).isEmpty();
    }
}
