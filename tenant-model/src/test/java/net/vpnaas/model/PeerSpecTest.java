package net.vpnaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
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
    void nullAuthTakesAnOptionalGatewayPskOfPskLengthAndNoPpks() {
        assertThat(new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Null(null)).validate(EndpointAddressRules.STRICT)).isEmpty();
        assertThat(new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Null("too short")).validate(EndpointAddressRules.STRICT))
                .extracting(Violation::field).containsExactly("auth.gatewayPsk");
        var withPpk = new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Null(null),
                java.util.List.of(new PeerPpk("ppk-a", "s".repeat(32))), false);
        assertThat(withPpk.validate(EndpointAddressRules.STRICT)).extracting(Violation::field).containsExactly("ppks");
        assertThat(new PeerAuth.Null("super secret value").toString()).doesNotContain("super secret");
    }

    @Test
    void aPasswordMayBeASixDigitCodeButNotShorterAndTakesNoPpks() {
        assertThat(new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Password("402915")).validate(EndpointAddressRules.STRICT)).isEmpty();
        assertThat(new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Password("40291")).validate(EndpointAddressRules.STRICT))
                .extracting(Violation::field).containsExactly("auth.password");
        assertThat(new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Password(null)).validate(EndpointAddressRules.STRICT))
                .extracting(Violation::field).containsExactly("auth.password");
        var withPpk = new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", new PeerAuth.Password("402915"),
                java.util.List.of(new PeerPpk("ppk-a", "s".repeat(32))), false);
        assertThat(withPpk.validate(EndpointAddressRules.STRICT)).extracting(Violation::field).containsExactly("ppks");
        assertThat(new PeerAuth.Password("402915").toString()).doesNotContain("402915");
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

    private static PeerSpec withPpks(List<PeerPpk> ppks, boolean required) {
        return new PeerSpec("branch", Map.of(), "198.51.100.7", "branch.example.com", new PeerAuth.Psk("a-long-enough-psk"),
                ppks, required).withDefaults();
    }

    @Test
    void ppksNeedValidIdsNoDuplicatesAndLongSecrets() {
        String secret = "s".repeat(32);
        assertThat(withPpks(List.of(new PeerPpk("ppk-2026", secret), new PeerPpk("ppk+2027/b=", null)), true)
                .validate(EndpointAddressRules.STRICT)).as("a null secret is an update keeping the stored one").isEmpty();
        assertThat(withPpks(List.of(new PeerPpk("ppk one", secret), new PeerPpk("", secret), new PeerPpk("x".repeat(65), secret),
                        new PeerPpk("ok", "s".repeat(31))), false).validate(EndpointAddressRules.STRICT))
                .extracting(Violation::field).containsExactly("ppks[0].id", "ppks[1].id", "ppks[2].id", "ppks[3].secret");
        assertThat(withPpks(List.of(new PeerPpk("a", secret), new PeerPpk("a", secret)), false).validate(EndpointAddressRules.STRICT))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("ppks[1].id");
                    assertThat(v.detail()).contains("'a' appears twice");
                });
        assertThat(withPpks(List.of(), true).validate(EndpointAddressRules.STRICT)).extracting(Violation::field).containsExactly("ppkRequired");
        assertThat(withPpks(java.util.Collections.nCopies(5, new PeerPpk(null, secret)), false).validate(EndpointAddressRules.STRICT))
                .extracting(Violation::field).contains("ppks", "ppks[0].id");
    }

    @Test
    void aPeerWithoutPpksHasNone() {
        PeerSpec spec = new PeerSpec("branch", null, "198.51.100.7", "branch.example.com", new PeerAuth.Psk(null)).withDefaults();
        assertThat(spec.ppks()).isEmpty();
        assertThat(spec.ppkRequired()).isFalse();
        assertThat(new PeerPpk("ppk-a", "the secret itself, 32 bytes long").toString()).doesNotContain("the secret");
    }

    @Test
    void aPeersQkdNeedsAnSaeIdFitForAUrlAndAKnownFallback() {
        var psk = new PeerAuth.Psk("a-long-enough-psk");
        var fine = new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", psk, null, null, new PeerQkd("sae-b", null)).withDefaults();
        assertThat(fine.validate(EndpointAddressRules.STRICT)).isEmpty();
        assertThat(fine.qkd().fallback()).isEqualTo("fail");
        var bad = new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", psk, null, null, new PeerQkd("sae/b", "ecp256"));
        assertThat(bad.validate(EndpointAddressRules.STRICT)).extracting(Violation::field, Violation::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("qkd.saeId", "must be 1 to 64 of A-Z a-z 0-9 . _ ~ : -"),
                org.assertj.core.groups.Tuple.tuple("qkd.fallback", "must be \"fail\" or \"mlkem768\""));
        var none = new PeerSpec("p", Map.of(), "192.0.2.1", "192.0.2.1", psk, null, null, new PeerQkd(null, "mlkem768"));
        assertThat(none.validate(EndpointAddressRules.STRICT)).extracting(Violation::field).containsExactly("qkd.saeId");
    }
}
