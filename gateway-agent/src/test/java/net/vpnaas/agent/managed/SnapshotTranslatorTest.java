package net.vpnaas.agent.managed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.config.Encapsulation;
import net.vpnaas.agent.config.PeerAuthentication;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StartAction;
import net.vpnaas.agent.config.TunnelConfig;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Peer;
import net.vpnaas.model.agent.v1.Tunnel;
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
    void aSnapshotBecomesTheSameRecordsAStandaloneFileLoadsInto() throws Exception {
        StandaloneConfig c = SnapshotTranslator.translate(snapshot().build(), DataPathConfig.DEFAULT);
        assertThat(c.gateway().ikeIdentity()).as("the gateway identifies as its first address").isEqualTo("192.0.2.1");
        TunnelConfig t = c.tunnels().getFirst();
        assertThat(t.name()).isEqualTo("a");
        assertThat(t.peer().address().getHostAddress()).isEqualTo("192.0.2.2");
        assertThat(t.peer().auth()).isInstanceOfSatisfying(PeerAuthentication.PreSharedKey.class,
                k -> assertThat(new String(k.key())).isEqualTo("0123456789abcdef01"));
        assertThat(t.cryptoPolicy().childLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(t.cryptoPolicy().replayWindow()).isEqualTo(1024);
        assertThat(t.cryptoPolicy().pfsGroup()).isPresent();
        assertThat(t.cryptoPolicy().startAction()).isEqualTo(StartAction.INITIATE);
        assertThat(t.cryptoPolicy().encapsulation()).isEqualTo(Encapsulation.AUTO);
        assertThat(t.remoteTrafficSelectors().getFirst().toString()).isEqualTo("10.2.0.0/24");
    }

    @Test
    void whatThisAgentCannotDoIsRefusedNamingTheTunnel() {
        var range = snapshot();
        range.setTunnels(0, range.getTunnels(0).toBuilder().setRemoteTrafficSelectors(0, "10.2.0.10-10.2.0.20"));
        assertThatThrownBy(() -> SnapshotTranslator.translate(range.build(), DataPathConfig.DEFAULT))
                .isInstanceOfSatisfying(SnapshotRejected.class, e -> {
                    assertThat(e.tunnelName()).isEqualTo("a");
                    assertThat(e.getMessage()).contains("10.2.0.10-10.2.0.20").contains("CIDR");
                });
        var noAddress = snapshot().clearLocalAddresses();
        assertThatThrownBy(() -> SnapshotTranslator.translate(noAddress.build(), DataPathConfig.DEFAULT))
                .isInstanceOf(SnapshotRejected.class).hasMessageContaining("no public address");
    }
}
