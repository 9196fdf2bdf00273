package net.vpnaas.api.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.agent.SnapshotBuilder;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.PeerQkd;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A peer's QKD settings (its SAE ID at its key management entity, the fallback) and policies that
 * take QKD keys, through the API on embedded PostgreSQL: shown and stored, refused with problem+json
 * naming the field, a QKD tunnel refused to a peer without an SAE ID, and handed to the agent.
 */
class PeerQkdApiTest extends ApiTestBase {
    @Autowired SnapshotBuilder snapshots;

    private static Map<String, Object> qkdPolicy(String name) {
        return with(policyBody(name), "ikeProposals", List.of("aes256gcm16-prfsha384-x25519-ke1_qkd"), "pfsGroup", "qkd",
                "childLifetimeSeconds", 300, "childRekeySeconds", 10, "rekeyFuzzPercent", 0);
    }

    @Test
    void aPeersQkdIsShownWithItsDefaultAndReachesTheAgent() {
        var api = newTenant("customer").admin();
        HttpResult created = api.post("/v1/peers", with(peerBody(unique("p")), "qkd", body("saeId", "sae-b")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("qkd").toString()).isEqualTo("{\"saeId\":\"sae-b\",\"fallback\":\"fail\"}");
        assertThat(api.get("/v1/peers/" + created.id()).json().get("qkd").toString()).isEqualTo("{\"saeId\":\"sae-b\",\"fallback\":\"fail\"}");
        HttpResult patched = api.patch("/v1/peers/" + created.id(), body("qkd", body("fallback", "mlkem768")),
                "If-Match", created.header("ETag"), "Content-Type", "application/merge-patch+json");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("qkd").toString()).isEqualTo("{\"saeId\":\"sae-b\",\"fallback\":\"mlkem768\"}");

        String gateway = created(api.post("/v1/gateways", gatewayBody(unique("gw"))));
        HttpResult policy = api.post("/v1/crypto-policies", qkdPolicy(unique("pol")));
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
        HttpResult tunnel = api.post("/v1/tunnels", tunnelBody(unique("tun"), gateway, created.id(), policy.id()));
        assertThat(tunnel.status()).as(tunnel.body()).isEqualTo(201);
        var snapshot = snapshots.current(UUID.fromString(gateway)).orElseThrow();
        assertThat(snapshot.getPeers(0).getQkd()).isEqualTo(PeerQkd.newBuilder().setSaeId("sae-b").setFallback("mlkem768").build());
        assertThat(snapshot.getPolicies(0).getPfsGroup()).isEqualTo("qkd");
        // No device configuration can take QKD keys: the download says so, naming the field.
        for (String format : List.of("strongswan", "libreswan", "cisco-ios")) {
            HttpResult download = api.get("/v1/tunnels/" + tunnel.id() + "/peer-configuration?format=" + format);
            assertThat(download.status()).as(format + ": " + download.body()).isEqualTo(422);
            assertThat(download.json().get("errors").toString()).as(format).contains("\"cryptoPolicy.");
        }
    }

    @Test
    void refusalsNameTheField() {
        var api = newTenant("customer").admin();
        var before = rowCounts();
        for (var c : List.of(
                Map.entry(with(peerBody(unique("p")), "qkd", body("saeId", "sae/b")), "qkd.saeId"),
                Map.entry(with(peerBody(unique("p")), "qkd", body("fallback", "mlkem768")), "qkd.saeId"),
                Map.entry(with(peerBody(unique("p")), "qkd", body("saeId", "sae-b", "fallback", "x25519")), "qkd.fallback"))) {
            HttpResult r = api.post("/v1/peers", c.getKey());
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("errors").toString()).as(c.getValue()).contains("\"" + c.getValue() + "\"");
        }
        HttpResult inIkeSaInit = api.post("/v1/crypto-policies", with(policyBody(unique("pol")), "ikeProposals",
                List.of("aes256gcm16-prfsha384-qkd")));
        assertThat(inIkeSaInit.status()).as(inIkeSaInit.body()).isEqualTo(422);
        assertThat(inIkeSaInit.json().get("errors").toString()).contains("\"ikeProposals[0]\"").contains("never in IKE_SA_INIT");
        assertThat(rowCounts()).isEqualTo(before);

        String gateway = created(api.post("/v1/gateways", gatewayBody(unique("gw"))));
        String peer = created(api.post("/v1/peers", peerBody(unique("p"))));
        String policy = created(api.post("/v1/crypto-policies", qkdPolicy(unique("pol"))));
        HttpResult tunnel = api.post("/v1/tunnels", tunnelBody(unique("tun"), gateway, peer, policy));
        assertThat(tunnel.status()).as(tunnel.body()).isEqualTo(422);
        assertThat(tunnel.json().get("errors").toString()).contains("\"peerId\"").contains("has no qkd (its SAE ID)");
    }
}
