package net.vpnaas.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;
import net.vpnaas.model.GatewayDefence;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.agent.v1.CertificateAuth;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.LocalCertificate;
import net.vpnaas.model.agent.v1.Peer;
import net.vpnaas.model.agent.v1.Tunnel;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.ResolvedTunnel;
import org.junit.jupiter.api.Test;

class SnapshotTranslatorTest {

    static GatewaySnapshot.Builder snapshot() {
        return GatewaySnapshot.newBuilder().setVersion(7).setGatewayName("edge").addLocalAddresses("192.0.2.1")
                .addPeers(Peer.newBuilder().setName("swan").setAddress("192.0.2.2").setIkeIdentity("swan.example").setPsk("0123456789abcdef01"))
                .addPolicies(CryptoPolicy.newBuilder().setName("p").addIkeProposals("aes256gcm16-prfsha384-x25519")
                        .addEspProposals("aes256gcm16").setIkeLifetimeSeconds(28800).setChildLifetimeSeconds(3600)
                        .setRekeyMarginSeconds(300).setRekeyFuzzPercent(50).setDpdIntervalSeconds(20).setDpdTimeoutSeconds(60)
                        .setReplayWindow(1024).setPfsGroup("x25519")
                        .setStartAction(net.vpnaas.model.agent.v1.StartAction.START_ACTION_INITIATE))
                .addTunnels(Tunnel.newBuilder().setId("id-a").setName("a").setPeerName("swan").setPolicyName("p")
                        .addLocalTrafficSelectors("10.1.0.0/24").addRemoteTrafficSelectors("10.2.0.0/24"));
    }

    @Test
    void aSnapshotBecomesTheConfigurationAStandaloneFileLoadsInto() throws Exception {
        GatewayConfiguration c = SnapshotTranslator.translate(snapshot().build());
        assertThat(c.gateway().identity().value()).as("the gateway identifies as its first address").isEqualTo("192.0.2.1");
        ResolvedTunnel t = c.resolvedTunnels().getFirst();
        assertThat(t.name()).isEqualTo("a");
        assertThat(t.peer().address()).isEqualTo("192.0.2.2");
        assertThat(t.peer().auth()).isEqualTo(new PeerAuth.Psk("0123456789abcdef01"));
        assertThat(t.cryptoPolicy().childLifetimeSeconds()).isEqualTo(3600);
        assertThat(t.cryptoPolicy().replayWindow()).isEqualTo(1024);
        assertThat(t.cryptoPolicy().pfsGroup()).isEqualTo("x25519");
        assertThat(t.cryptoPolicy().initiates()).isTrue();
        assertThat(t.cryptoPolicy().dpd().action()).as("UNSPECIFIED takes the API's default").isEqualTo("restart");
        assertThat(t.cryptoPolicy().encapsulation()).isEqualTo("auto");
        assertThat(t.remoteTrafficSelectors().getFirst()).hasToString("10.2.0.0/24");
    }

    @Test
    void aPasswordPeerOfTheSnapshotAuthenticatesWithPaceOnAnEcpGroup() throws Exception {
        var s = snapshot();
        s.setPeers(0, s.getPeers(0).toBuilder().setPassword("402915"));
        SnapshotRejected x25519 = catchThrowableOfType(SnapshotRejected.class, () -> SnapshotTranslator.translate(s.build()));
        assertThat(x25519).as("PACE needs an ECP group for IKE").isNotNull();
        assertThat(x25519.getMessage()).startsWith("tunnels[0].cryptoPolicy: peer 'swan' authenticates with a password").contains("x25519");
        assertThat(x25519.tunnelName()).isEqualTo("a");

        s.setPolicies(0, s.getPolicies(0).toBuilder().setIkeProposals(0, "aes256gcm16-prfsha384-ecp384"));
        assertThat(SnapshotTranslator.translate(s.build()).resolvedTunnels().getFirst().peer().auth()).isEqualTo(new PeerAuth.Password("402915"));
    }

    @Test
    void theDefenceOfTheSnapshotOrWithoutOneTheDefaults() throws Exception {
        assertThat(SnapshotTranslator.translate(snapshot().build()).gateway().spec().defence()).isEqualTo(GatewayDefence.DEFAULT);
        var defence = net.vpnaas.model.agent.v1.GatewayDefence.newBuilder().setCookieThreshold(0).setPuzzleThreshold(10)
                .setHalfOpenLimit(100).setPerAddressLimit(2).setPerPrefixLimit(4).setMaxPuzzleDifficulty(0).setAuthFailureLimit(1);
        assertThat(SnapshotTranslator.translate(snapshot().setDefence(defence).build()).gateway().spec().defence())
                .as("0 is a value").isEqualTo(new GatewayDefence(0, 10, 100, 2, 4, 0, 1));
        assertThatThrownBy(() -> SnapshotTranslator.translate(snapshot().setDefence(defence.setCookieThreshold(11)).build()))
                .isInstanceOfSatisfying(SnapshotRejected.class, e -> assertThat(e.getMessage())
                        .isEqualTo("gateway.defence.cookieThreshold: must be between 0 and puzzleThreshold (10)"));
    }

    @Test
    void aSnapshotIsHeldToTheApisRulesNamingFieldAndTunnel() {
        var range = snapshot();
        range.setTunnels(0, range.getTunnels(0).toBuilder().setRemoteTrafficSelectors(0, "10.2.0.20-10.2.0.10"));
        assertThatThrownBy(() -> SnapshotTranslator.translate(range.build()))
                .isInstanceOfSatisfying(SnapshotRejected.class, e -> {
                    assertThat(e.tunnelName()).isEqualTo("a");
                    assertThat(e.getMessage()).isEqualTo("tunnels[0].remoteTrafficSelectors[0]: range is inverted: start is after end");
                });
        var unknown = snapshot();
        unknown.setPolicies(0, unknown.getPolicies(0).toBuilder().setEncapsulationValue(99));
        assertThatThrownBy(() -> SnapshotTranslator.translate(unknown.build()))
                .isInstanceOfSatisfying(SnapshotRejected.class, e -> {
                    assertThat(e.tunnelName()).as("a policy's fault, not one tunnel's").isEmpty();
                    assertThat(e.getMessage()).isEqualTo("cryptoPolicies[0].encapsulation: must be one of auto, force_udp");
                });
        var noAddress = snapshot().clearLocalAddresses();
        assertThatThrownBy(() -> SnapshotTranslator.translate(noAddress.build()))
                .isInstanceOf(SnapshotRejected.class).hasMessage("gateway.publicAddresses: must hold 1 to 8 addresses");
    }

    @Test
    void linkLocalEndpointsAsTheControlPlaneAllows() throws Exception {
        var linkLocal = snapshot();
        linkLocal.setPeers(0, linkLocal.getPeers(0).toBuilder().setAddress("169.254.0.2"));
        assertThatThrownBy(() -> SnapshotTranslator.translate(linkLocal.build()))
                .hasMessageStartingWith("peers[0].address: '169.254.0.2' is link-local");
        assertThat(SnapshotTranslator.translate(linkLocal.setAllowLinkLocalEndpoints(true).build()).peers().getFirst().address())
                .isEqualTo("169.254.0.2");
    }

    @Test
    void theGatewaysCertificateLetsItRunCertificateTunnels() throws Exception {
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued own = pki.issue("192.0.2.1", KeyKind.ECDSA_P256);
        var cert = snapshot();
        cert.setPeers(0, cert.getPeers(0).toBuilder().setCertificate(CertificateAuth.newBuilder()
                .setTrustedCaBundlePem(pki.root().certificatePem()).setExpectedIdentity("swan.example")));
        assertThatThrownBy(() -> SnapshotTranslator.translate(cert.build()))
                .isInstanceOf(SnapshotRejected.class).hasMessageContaining("has no IKE certificate");

        var withCertificate = cert.setLocalCertificate(LocalCertificate.newBuilder()
                .setCertificateChainPem(own.certificatePem()).setPrivateKeyPem(own.privateKeyPem())).build();
        GatewayConfiguration c = SnapshotTranslator.translate(withCertificate);
        assertThat(c.gateway().ownCertificate()).hasValueSatisfying(certificate -> {
            assertThat(certificate.certificatePem()).isEqualTo(own.certificatePem());
            assertThat(certificate.privateKeyPem()).isEqualTo(own.privateKeyPem());
        });
    }

    private static net.vpnaas.model.agent.v1.RemoteAccessEndpoint.Builder endpoint(String name) {
        return net.vpnaas.model.agent.v1.RemoteAccessEndpoint.newBuilder().setId("id-" + name).setName(name).setCryptoPolicy("p")
                .addAddressPools("10.99.0.0/24").addAllowedNetworks("10.1.0.0/16").setEapOnly(true)
                .addRadiusServers(net.vpnaas.model.agent.v1.RadiusServer.newBuilder().setAddress("10.1.0.5").setSecret("a-radius-secret-of-24-ch"));
    }

    @Test
    void remoteAccessEndpointsAreTranslatedAndHeldToTheFilesRules() throws Exception {
        var endpoints = SnapshotTranslator.remoteAccessEndpoints(snapshot().addRemoteAccessEndpoints(endpoint("staff")).build());
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.getFirst().radiusServers().getFirst().port()).as("0: the default").isEqualTo(1812);
        assertThat(endpoints.getFirst().dnsServers()).isEmpty();
        SnapshotTranslator.translate(snapshot().addRemoteAccessEndpoints(endpoint("staff")).build());

        assertThatThrownBy(() -> SnapshotTranslator.translate(snapshot()
                .addRemoteAccessEndpoints(endpoint("a").setCryptoPolicy("nope").setEapOnly(false).setAddressPools(0, "10.99.0.1/24"))
                .addRemoteAccessEndpoints(endpoint("staff")).addRemoteAccessEndpoints(endpoint("staff")).build()))
                .isInstanceOf(SnapshotRejected.class)
                .hasMessageContaining("remoteAccessEndpoints[0].name: is the name of a tunnel too")
                .hasMessageContaining("remoteAccessEndpoints[0].cryptoPolicy: no crypto policy named 'nope'")
                .hasMessageContaining("remoteAccessEndpoints[0].eapOnly: the gateway has no certificate")
                .hasMessageContaining("remoteAccessEndpoints[0].addressPools[0]")
                .hasMessageContaining("remoteAccessEndpoints[2].name: 'staff' appears twice");
    }

    @Test
    void aNullAuthenticationPeerWithAndWithoutTheGatewaysPsk() throws Exception {
        GatewayConfiguration c = SnapshotTranslator.translate(snapshot().setPeers(0, snapshot().getPeers(0).toBuilder()
                .setNullAuth(net.vpnaas.model.agent.v1.NullAuth.newBuilder().setGatewayPsk("gateway-psk-of-20-chars"))).build());
        assertThat(c.peers().getFirst().auth()).isEqualTo(new PeerAuth.Null("gateway-psk-of-20-chars"));
        c = SnapshotTranslator.translate(snapshot().setPeers(0, snapshot().getPeers(0).toBuilder()
                .setNullAuth(net.vpnaas.model.agent.v1.NullAuth.getDefaultInstance())).build());
        assertThat(c.peers().getFirst().auth()).isEqualTo(new PeerAuth.Null(null));
    }
}
