package net.vpnaas.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointAddressRulesTest {
    private static final EndpointAddressRules LINK_LOCAL_ALLOWED = new EndpointAddressRules(true);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0|unspecified",
            "0.255.255.255|unspecified",
            "127.0.0.1|loopback",
            "127.255.255.254|loopback",
            "224.0.0.1|multicast",
            "239.255.255.255|multicast",
            "255.255.255.255|broadcast",
            "::|unspecified",
            "::1|loopback",
            "ff02::1|multicast",
            "ff0e::1234|multicast"})
    void neverAnEndpoint(String address, String what) {
        for (EndpointAddressRules rules : new EndpointAddressRules[] {EndpointAddressRules.STRICT, LINK_LOCAL_ALLOWED}) {
            assertThatThrownBy(() -> rules.parseEndpoint(address)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'" + address + "' is ")
                    .hasMessageContaining(what)
                    .hasMessageEndingWith("never a VPN endpoint");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.0.0", "169.254.10.1", "169.254.255.255", "fe80::1", "febf:ffff::1"})
    void linkLocalOnlyWhereAllowed(String address) {
        assertThatThrownBy(() -> EndpointAddressRules.STRICT.parseEndpoint(address))
                .hasMessageContaining("link-local")
                .hasMessageContaining("unless link-local endpoints are allowed");
        assertThat(LINK_LOCAL_ALLOWED.parseEndpoint(address)).isEqualTo(AddressRange.parseAddress(address));
    }

    /** The neighbours of every refused range are fine, as are private and documentation addresses. */
    @ParameterizedTest
    @ValueSource(strings = {"1.0.0.0", "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0",
            "223.255.255.255", "240.0.0.1", "255.255.255.254", "10.0.0.1", "192.0.2.1", "::2", "fe7f::1", "fec0::1",
            "fe::1", "2001:db8::1", "fd00::1"})
    void otherAddressesAreEndpoints(String address) {
        assertThat(EndpointAddressRules.STRICT.parseEndpoint(address)).isEqualTo(AddressRange.parseAddress(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "10.0.0", "::ffff:127.0.0.1", "fe80::1%eth0"})
    void stillOnlyIpLiterals(String text) {
        assertThatThrownBy(() -> EndpointAddressRules.STRICT.parseEndpoint(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("VPN endpoint");
    }
}
