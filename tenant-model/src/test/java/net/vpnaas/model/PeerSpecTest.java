package net.vpnaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import net.vpnaas.model.net.EndpointAddressRules;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;

class PeerSpecTest {
    @Test
    void pskLengthIsCountedInUtf8Bytes() {
        var eightUmlauts = new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Psk("ääääääää"));
        assertThat(eightUmlauts.validate(EndpointAddressRules.STRICT)).isEmpty();
        var fifteen = new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Psk("123456789012345"));
        assertThat(fifteen.validate(EndpointAddressRules.STRICT)).extracting(Violation::field).containsExactly("auth.psk");
    }

    @Test
    void anIpLiteralIsAnAddressAndADomainNameIsLeftForTheAgentToLookUp() {
        assertThat(new PeerSpec("p", Map.of(), "2001:db8::7", "p", null).ipAddress())
                .contains(InetAddress.ofLiteral("2001:db8::7"));
        assertThat(new PeerSpec("p", Map.of(), "peer.example.com", "p", null).ipAddress()).isEmpty();
    }

    @Test
    void pskNeverAppearsInToString() {
        assertThat(new PeerAuth.Psk("super secret value").toString()).doesNotContain("super secret");
    }

    @Test
    void certificateAuthNeedsAParsableBundleAndAnIdentity() {
        var spec = new PeerSpec("p", Map.of(), "peer.example.com", "peer.example.com",
                new PeerAuth.Certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "CN="));
        assertThat(spec.validate(EndpointAddressRules.STRICT)).extracting(Violation::field).containsExactly("auth.caBundlePem", "auth.expectedIdentity");
    }

    @Test
    void addressMustBeAbleToBeAnEndpoint() {
        for (String address : new String[] {"::1", "127.0.0.53", "224.0.0.5", "0.0.0.0", "fe80::2"}) {
            var spec = new PeerSpec("p", Map.of(), address, "peer.example.com", new PeerAuth.Psk(null));
            assertThat(spec.validate(EndpointAddressRules.STRICT)).as(address)
                    .singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("address");
                        assertThat(v.detail()).startsWith("'" + address + "' is ");
                    });
        }
        var linkLocal = new PeerSpec("p", Map.of(), "fe80::2", "peer.example.com", new PeerAuth.Psk(null));
        assertThat(linkLocal.validate(new EndpointAddressRules(true))).isEmpty();
        var named = new PeerSpec("p", Map.of(), "vpn.branch.example", "peer.example.com", new PeerAuth.Psk(null));
        assertThat(named.validate(EndpointAddressRules.STRICT)).isEmpty();
    }
}
