package net.vpnaas.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.vpnaas.model.agent.v1.CertificateAuth;
import net.vpnaas.model.agent.v1.CryptoPolicy;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.LocalCertificate;
import net.vpnaas.model.agent.v1.Peer;
import net.vpnaas.model.agent.v1.Tunnel;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {
    static final Peer PEER_A = Peer.newBuilder().setName("a").setAddress("192.0.2.10").setPsk("0123456789abcdef").build();
    static final Peer PEER_B = Peer.newBuilder().setName("b").setAddress("192.0.2.20").setPsk("fedcba9876543210").build();
    static final CryptoPolicy FAST = CryptoPolicy.newBuilder().setName("fast")
            .addIkeProposals("aes256gcm16-prfsha384-x25519").addEspProposals("aes256gcm16")
            .setChildLifetimeSeconds(3600).build();
    static final CryptoPolicy SLOW = CryptoPolicy.newBuilder().setName("slow")
            .addIkeProposals("aes128-sha256-modp2048").addEspProposals("aes128-sha256")
            .setChildLifetimeSeconds(3600).build();
    static final Tunnel T1 = tunnel("t1", "a", "fast", "10.1.0.0/24");
    static final Tunnel T2 = tunnel("t2", "b", "slow", "10.2.0.0/24");

    static Tunnel tunnel(String name, String peer, String policy, String remote) {
        return Tunnel.newBuilder().setName(name).setPeerName(peer).setPolicyName(policy)
                .addLocalTrafficSelectors("10.0.0.0/24").addRemoteTrafficSelectors(remote).build();
    }

    static GatewaySnapshot snapshot(long version, List<Peer> peers, List<CryptoPolicy> policies, List<Tunnel> tunnels) {
        return GatewaySnapshot.newBuilder().setVersion(version).addAllPeers(peers).addAllPolicies(policies)
                .addAllTunnels(tunnels).build();
    }

    @Test
    void sameContentUnderNewVersionChangesNothing() {
        var before = snapshot(1, List.of(PEER_A, PEER_B), List.of(FAST, SLOW), List.of(T1, T2));
        var after = snapshot(2, List.of(PEER_B, PEER_A), List.of(SLOW, FAST), List.of(T2, T1));
        assertThat(SnapshotDiff.between(before, after)).isEmpty();
    }

    @Test
    void policyChangeTouchesOnlyTunnelsUsingIt() {
        var before = snapshot(1, List.of(PEER_A, PEER_B), List.of(FAST, SLOW), List.of(T1, T2));
        var fastLonger = FAST.toBuilder().setChildLifetimeSeconds(7200).build();
        var after = snapshot(2, List.of(PEER_A, PEER_B), List.of(fastLonger, SLOW), List.of(T1, T2));
        assertThat(SnapshotDiff.between(before, after))
                .containsExactly(new TunnelChange.Changed<>("t1", T1, T1));
    }

    @Test
    void peerChangeTouchesOnlyTunnelsUsingIt() {
        var before = snapshot(1, List.of(PEER_A, PEER_B), List.of(FAST, SLOW), List.of(T1, T2));
        var newPsk = PEER_B.toBuilder().setPsk("a-brand-new-secret!").build();
        var after = snapshot(2, List.of(PEER_A, newPsk), List.of(FAST, SLOW), List.of(T1, T2));
        assertThat(SnapshotDiff.between(before, after)).extracting(TunnelChange<Tunnel>::name).containsExactly("t2");
    }

    @Test
    void addedRemovedAndRepointedTunnels() {
        var before = snapshot(1, List.of(PEER_A, PEER_B), List.of(FAST, SLOW), List.of(T1, T2));
        var t1OnSlow = T1.toBuilder().setPolicyName("slow").build();
        var t3 = tunnel("t3", "a", "fast", "10.3.0.0/24");
        var after = snapshot(2, List.of(PEER_A, PEER_B), List.of(FAST, SLOW), List.of(t1OnSlow, t3));
        assertThat(SnapshotDiff.between(before, after)).containsExactly(
                new TunnelChange.Removed<>("t2", T2),
                new TunnelChange.Changed<>("t1", T1, t1OnSlow),
                new TunnelChange.Added<>("t3", t3));
    }

    @Test
    void duplicateNamesAreRejected() {
        var bad = snapshot(2, List.of(PEER_A), List.of(FAST), List.of(T1, T1));
        assertThatThrownBy(() -> SnapshotDiff.between(GatewaySnapshot.getDefaultInstance(), bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t1");
    }

    @Test
    void aNewGatewayCertificateRenewsTheCredentialsOfCertificateTunnelsOnly() {
        var certPeer = Peer.newBuilder().setName("c").setAddress("192.0.2.30")
                .setCertificate(CertificateAuth.newBuilder().setTrustedCaBundlePem("ca").setExpectedIdentity("c.example")).build();
        var t3 = tunnel("t3", "c", "fast", "10.3.0.0/24");
        var first = LocalCertificate.newBuilder().setCertificateChainPem("chain 1").setPrivateKeyPem("key 1").build();
        var renewed = LocalCertificate.newBuilder().setCertificateChainPem("chain 2").setPrivateKeyPem("key 2").build();
        var before = snapshot(1, List.of(PEER_A, certPeer), List.of(FAST), List.of(T1, t3)).toBuilder().setLocalCertificate(first).build();
        var after = snapshot(2, List.of(PEER_A, certPeer), List.of(FAST), List.of(T1, t3)).toBuilder().setLocalCertificate(renewed).build();
        assertThat(SnapshotDiff.between(before, after)).as("the PSK tunnel is not concerned")
                .containsExactly(new TunnelChange.CredentialsChanged<>("t3", t3));
        assertThat(SnapshotDiff.between(before, before.toBuilder().setVersion(3).build())).isEmpty();

        // A tunnel that changes anyway is replaced with the new certificate: no separate credentials change.
        var t3Wider = t3.toBuilder().addRemoteTrafficSelectors("10.4.0.0/24").build();
        var changed = snapshot(2, List.of(PEER_A, certPeer), List.of(FAST), List.of(T1, t3Wider)).toBuilder().setLocalCertificate(renewed).build();
        assertThat(SnapshotDiff.between(before, changed)).containsExactly(new TunnelChange.Changed<>("t3", t3, t3Wider));
    }
}
