package net.vpnaas.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.vpnaas.agent.config.ExampleConfigFiles;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.sasink.TrafficSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConnectionsTest {

    @TempDir
    Path dir;

    private StandaloneConfig load(String json) throws Exception {
        return StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json));
    }

    @Test
    void mapsATunnelFieldByField() throws Exception {
        List<EngineConnections.EngineTunnel> tunnels = EngineConnections.from(load(ExampleConfigFiles.exampleJson()));

        assertThat(tunnels).hasSize(2);
        ConnectionConfig c = tunnels.getFirst().connection();
        assertThat(c.name()).isEqualTo("berlin-lan");
        assertThat(c.local().getAddress()).isEqualTo(InetAddress.ofLiteral("192.0.2.1")); // the IPv4 one, like the peer
        assertThat(c.local().getPort()).isEqualTo(500);
        assertThat(c.remote().getAddress()).isEqualTo(InetAddress.ofLiteral("198.51.100.7"));
        assertThat(c.localId()).isEqualTo(Identity.parse("gw-fra-1.vpn.example"));
        assertThat(c.remoteId()).isEqualTo(Identity.parse("berlin.vpn.example"));
        assertThat(c.authentication()).isInstanceOfSatisfying(Authentication.Psk.class,
                psk -> assertThat(new String(psk.key(), StandardCharsets.UTF_8)).isEqualTo(ExampleConfigFiles.PSK));
        assertThat(c.ikeProposals()).hasSize(2);
        // pfsGroup x25519 from the policy travels inside every ESP proposal; esn stays off.
        assertThat(c.espProposals()).allSatisfy(p -> {
            assertThat(p.pfsGroups()).containsExactly(KeyExchangeMethod.CURVE25519);
            assertThat(p.esn()).isFalse();
        });
        // Lifetimes 28800 s / 3600 s with a 540 s margin: rekey 540 s before the end, minus up to the
        // fuzz (100 % of the margin). The engine has one jitter, a share of each base: the smaller
        // share (of the longer base) keeps both SAs within the contract.
        // The lifetimes themselves are the hard limits: a Child SA lives 3600 s, not 1.1 x its rekey time.
        assertThat(c.lifetimes().ikeRekey()).isEqualTo(Duration.ofSeconds(28_260));
        assertThat(c.lifetimes().ikeLifetime()).isEqualTo(Duration.ofSeconds(28_800));
        assertThat(c.lifetimes().childRekey()).isEqualTo(Duration.ofSeconds(3_060));
        assertThat(c.lifetimes().childLifetime()).isEqualTo(Duration.ofSeconds(3_600));
        assertThat(c.lifetimes().jitter()).isCloseTo(540.0 / 28_260, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.dpdDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.remoteSelectors()).containsExactly(
                new TrafficSelector(InetAddress.ofLiteral("10.20.0.0"), InetAddress.ofLiteral("10.20.0.255"), 0, 0, 65535),
                new TrafficSelector(InetAddress.ofLiteral("10.21.0.0"), InetAddress.ofLiteral("10.21.0.255"), 0, 0, 65535));
        assertThat(c.localSelectors()).containsExactly(
                new TrafficSelector(InetAddress.ofLiteral("10.0.0.0"), InetAddress.ofLiteral("10.0.255.255"), 0, 0, 65535));
    }

    @Test
    void esnGoesIntoTheEspProposals() throws Exception {
        String json = ExampleConfigFiles.exampleJson().replace("\"esn\": false", "\"esn\": true");

        ConnectionConfig c = EngineConnections.from(load(json)).getFirst().connection();

        assertThat(c.espProposals()).allSatisfy(p -> assertThat(p.esn()).isTrue());
    }

    @Test
    void certificatePeerGetsTheGatewayChainAndThePeersCas() throws Exception {
        List<EngineConnections.EngineTunnel> tunnels = EngineConnections.from(load(ExampleConfigFiles.exampleJson()));

        ConnectionConfig paris = tunnels.get(1).connection();
        assertThat(paris.local().getAddress()).isEqualTo(InetAddress.ofLiteral("2001:db8::1")); // IPv6 peer, IPv6 source
        assertThat(paris.authentication()).isInstanceOfSatisfying(Authentication.Certificates.class, certs -> {
            assertThat(certs.chain().getFirst().getSubjectX500Principal().getName()).contains("CN=gw-fra-1.vpn.example");
            assertThat(certs.key().getAlgorithm()).isEqualTo("EC");
        });
    }

    @Test
    void refusesWhatTheEngineCannotDoNamingEachTunnel() throws Exception {
        String json = ExampleConfigFiles.exampleJson()
                .replace("\"encapsulation\": \"auto\"", "\"encapsulation\": \"force_udp\"")
                .replace("\"expectedIdentity\": \"dc-paris.vpn.example\"", "\"expectedIdentity\": \"C=FR, CN=paris\"");
        StandaloneConfig config = load(json);

        assertThatThrownBy(() -> EngineConnections.from(config))
                .isInstanceOf(EngineConnections.UnsupportedException.class)
                .hasMessageContaining("tunnel berlin-lan: encapsulation \"force_udp\" is not supported")
                .hasMessageContaining("tunnel paris-dc: expectedIdentity 'C=FR, CN=paris' differs from the peer's ikeIdentity");
    }
}
