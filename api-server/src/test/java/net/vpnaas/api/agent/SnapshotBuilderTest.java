package net.vpnaas.api.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.vpnaas.api.peer.PeerService;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.StartAction;
import net.vpnaas.model.agent.v1.Tunnel;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rows written straight into the real schema (rolled back after each test), so the builder is
 * checked independently of the REST layer: one gateway's snapshot holds its tunnels and exactly
 * the peers and policies they use, with the PSK decrypted, and nothing of the other gateway.
 */
@SpringBootTest(properties = "vpnaas.secrets.throwaway=true") // a temporary database: any key will do
@Transactional
class SnapshotBuilderTest {
    @Autowired JdbcTemplate jdbc;
    @Autowired SecretCipher cipher;
    @Autowired SnapshotBuilder builder;

    final UUID tenant = UUID.randomUUID();

    UUID gateway(String name, long revision) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into gateway (id, tenant_id, name, public_addresses, config_revision, version, created_at, updated_at)
                values (?, ?, ?, '["192.0.2.1"]'::jsonb, ?, 1, now(), now())""", id, tenant, name, revision);
        return id;
    }

    UUID pskPeer(String name, String psk) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into peer (id, tenant_id, name, address, ike_identity, auth_method, psk_ciphertext, version, created_at, updated_at)
                values (?, ?, ?, '198.51.100.7', 'fqdn:remote.example', 'psk', ?, 1, now(), now())""",
                id, tenant, name, cipher.encrypt(psk.getBytes(StandardCharsets.UTF_8), PeerService.pskAssociatedData(id)));
        return id;
    }

    UUID policy(String name) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into crypto_policy (id, tenant_id, name, ike_proposals, esp_proposals, ike_lifetime_seconds,
                  child_lifetime_seconds, rekey_margin_seconds, rekey_fuzz_percent, dpd_interval_seconds, dpd_timeout_seconds,
                  dpd_action, replay_window, esn, pfs_group, start_action, encapsulation, version, created_at, updated_at)
                values (?, ?, ?, '["aes256gcm16-prfsha384-x25519"]'::jsonb, '["aes256gcm16"]'::jsonb, 28800, 3600, 540, 10,
                  30, 150, 'restart', 1024, false, 'x25519', 'initiate', 'auto', 1, now(), now())""", id, tenant, name);
        return id;
    }

    void tunnel(String name, UUID gateway, UUID peer, UUID policy) {
        jdbc.update("""
                insert into tunnel (id, tenant_id, name, gateway_id, peer_id, policy_id, local_traffic_selectors,
                  remote_traffic_selectors, version, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, '["10.0.0.0/24", "2001:db8:a::/64"]'::jsonb, '["10.9.0.0/24"]'::jsonb, 1, now(), now())""",
                UUID.randomUUID(), tenant, name, gateway, peer, policy);
    }

    @Test
    void snapshotHoldsExactlyWhatItsGatewayUses() {
        jdbc.update("insert into tenant (id, name, kind, version, created_at, updated_at) values (?, 'acme', 'customer', 1, now(), now())", tenant);
        UUID mine = gateway("gw-a", 7);
        UUID other = gateway("gw-b", 3);
        UUID usedPeer = pskPeer("branch", "correct horse battery staple");
        UUID otherPeer = pskPeer("elsewhere", "another secret for gw-b");
        pskPeer("unused", "nobody uses this one at all");
        UUID usedPolicy = policy("strong");
        UUID otherPolicy = policy("for-b");
        tunnel("t1", mine, usedPeer, usedPolicy);
        tunnel("t2", mine, usedPeer, usedPolicy);
        tunnel("tb", other, otherPeer, otherPolicy);

        GatewaySnapshot s = builder.current(mine).orElseThrow();
        assertThat(s.getVersion()).isEqualTo(7);
        assertThat(s.getGatewayName()).isEqualTo("gw-a");
        assertThat(s.getLocalAddressesList()).containsExactly("192.0.2.1");
        assertThat(s.getTunnelsList()).extracting(Tunnel::getName).containsExactly("t1", "t2");
        assertThat(s.getTunnels(0).getLocalTrafficSelectorsList()).containsExactly("10.0.0.0/24", "2001:db8:a::/64");
        assertThat(s.getTunnels(0).getPeerName()).isEqualTo("branch");
        assertThat(s.getPeersList()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("branch");
            assertThat(p.getPsk()).isEqualTo("correct horse battery staple");
        });
        assertThat(s.getPoliciesList()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("strong");
            assertThat(p.getIkeProposalsList()).containsExactly("aes256gcm16-prfsha384-x25519");
            assertThat(p.getStartAction()).isEqualTo(StartAction.START_ACTION_INITIATE);
            assertThat(p.getReplayWindow()).isEqualTo(1024);
        });
        assertThat(s.toString()).doesNotContain("another secret", "nobody uses", "elsewhere", "for-b");
    }

    @Test
    void unknownGatewayHasNoSnapshot() {
        assertThat(builder.current(UUID.randomUUID())).isEmpty();
    }
}
