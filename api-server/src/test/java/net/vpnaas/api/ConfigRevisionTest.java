package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.vpnaas.api.agent.GatewayChangeListener;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every change of what a gateway must run bumps its config revision and announces the gateway to
 * the replicas (the push path), including updates that keep a tunnel on its gateway.
 */
class ConfigRevisionTest extends ApiTestBase {
    @Autowired DataSource dataSource;

    long revision(String gateway) {
        return jdbc.queryForObject("select config_revision from gateway where id = ?::uuid", Long.class, gateway);
    }

    static void expectAnnounced(BlockingQueue<UUID> heard, String gateway) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            UUID id = heard.poll(100, TimeUnit.MILLISECONDS);
            if (id != null && id.toString().equals(gateway)) return;
        }
        throw new AssertionError("gateway " + gateway + " was not announced");
    }

    @Test
    void tunnelAndGatewayUpdatesBumpTheRevisionAndAnnounceTheGateway() throws Exception {
        TenantFixture t = newTenant("customer");
        Resources res = createResources(t.admin());
        BlockingQueue<UUID> heard = new LinkedBlockingQueue<>();
        try (var listener = new GatewayChangeListener(dataSource, heard::add, () -> {})) {
            listener.start();

            long before = revision(res.gatewayId());
            HttpResult patched = t.admin().patch("/v1/tunnels/" + res.tunnelId(),
                    body("remoteTrafficSelectors", List.of("10.9.0.0/16", "2001:db8:9::/48")), "Content-Type", "application/merge-patch+json");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(revision(res.gatewayId())).isEqualTo(before + 1);
            expectAnnounced(heard, res.gatewayId());

            HttpResult replaced = t.admin().put("/v1/tunnels/" + res.tunnelId(),
                    tunnelBody(unique("t"), res.gatewayId(), res.peerId(), res.policyId()));
            assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
            assertThat(revision(res.gatewayId())).isEqualTo(before + 2);

            HttpResult gateway = t.admin().patch("/v1/gateways/" + res.gatewayId(),
                    body("publicAddresses", List.of("192.0.2.99")), "Content-Type", "application/merge-patch+json");
            assertThat(gateway.status()).as(gateway.body()).isEqualTo(200);
            assertThat(revision(res.gatewayId())).isEqualTo(before + 3);
            heard.clear();
            // the gateway's own change is announced too
            t.admin().patch("/v1/gateways/" + res.gatewayId(), body("publicAddresses", List.of("192.0.2.98")),
                    "Content-Type", "application/merge-patch+json");
            expectAnnounced(heard, res.gatewayId());
        }
    }
}
