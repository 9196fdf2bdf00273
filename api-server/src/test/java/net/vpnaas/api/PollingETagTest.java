package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import net.vpnaas.api.agent.telemetry.TelemetryWriter;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Polling with If-None-Match, as the portal does: 304 and no body while the answer is the same, a
 * new ETag and the new answer as soon as an agent's report changed it (no write, no new row version).
 */
class PollingETagTest extends ApiTestBase {
    @Autowired
    private TelemetryWriter telemetry;

    /** A read that says the answer is unchanged: 304, no body. */
    private static void assertUnchanged(ApiClient api, String path, String etag) {
        HttpResult again = api.send("GET", path, null, "If-None-Match", etag);
        assertThat(again.status()).as(path + " with If-None-Match " + etag).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    /** A read with the old ETag that must answer anew: 200, a new ETag; the answer. */
    private static HttpResult assertChanged(ApiClient api, String path, String oldEtag) {
        HttpResult fresh = api.send("GET", path, null, "If-None-Match", oldEtag);
        assertThat(fresh.status()).as(path + " after the report, with the old ETag").isEqualTo(200);
        assertThat(fresh.etag()).isNotBlank().isNotEqualTo(oldEtag);
        assertUnchanged(api, path, fresh.etag());
        return fresh;
    }

    private void report(String gateway, TelemetryBatch batch) {
        telemetry.submit(UUID.fromString(gateway), batch);
        telemetry.flush();
    }

    @Test
    void aReportedStatusChangeMovesTheETagsOfWhatShowsItAndNothingElseAnswers304() {
        var api = newTenant("customer").admin();
        Resources r = createResources(api);
        String tunnelPath = "/v1/tunnels/" + r.tunnelId();
        String sasPath = tunnelPath + "/security-associations";
        String listPath = "/v1/tunnels";
        String statusPath = "/v1/gateways/" + r.gatewayId() + "/status";
        HttpResult tunnel = api.get(tunnelPath);
        String sas = api.get(sasPath).etag(), list = api.get(listPath).etag(), status = api.get(statusPath).etag();
        assertThat(sas).isNotBlank();
        assertThat(list).isNotBlank();
        assertThat(status).isNotBlank();
        for (String[] read : new String[][] {{tunnelPath, tunnel.etag()}, {sasPath, sas}, {listPath, list}, {statusPath, status}}) {
            assertUnchanged(api, read[0], read[1]);
        }

        // the agent reports the Child SA up: status, SAs and the list change; the row version does not
        report(r.gatewayId(), TelemetryBatch.newBuilder().addEvents(SaEvent.newBuilder().setTunnelId(r.tunnelId())
                .setKind(SaEventKind.CHILD_UP).setChildSpiIn(0xc0de0001).setChildSpiOut(0xc0de0002)
                .setAtEpochMillis(System.currentTimeMillis())).build());
        HttpResult established = assertChanged(api, tunnelPath, tunnel.etag());
        assertThat(established.json().get("status").asText()).isEqualTo("ESTABLISHED");
        assertThat(tunnel.etag()).isEqualTo("\"0-UNKNOWN\"");
        assertThat(established.etag()).isEqualTo("\"0-ESTABLISHED\"");
        HttpResult withSa = assertChanged(api, sasPath, sas);
        assertThat(withSa.json().get("items").findValuesAsText("spiIn")).containsExactly("c0de0001");
        assertThat(assertChanged(api, listPath, list).json().get("items").findValuesAsText("status")).containsExactly("ESTABLISHED");
        assertUnchanged(api, statusPath, status);

        // counters alone: the SAs' answer moves, the tunnel's does not
        report(r.gatewayId(), TelemetryBatch.newBuilder().addCounters(TunnelCounters.newBuilder().setTunnelId(r.tunnelId())
                .setChildSpiIn(0xc0de0001).setBytesIn(1500).setPacketsIn(1)).build());
        assertThat(assertChanged(api, sasPath, withSa.etag()).json().at("/items/0/bytesIn").asLong()).isEqualTo(1500);
        assertUnchanged(api, tunnelPath, established.etag());

        // If-Match compares the row version: an edit made while the status moved still succeeds, a stale version does not
        report(r.gatewayId(), TelemetryBatch.newBuilder().addEvents(SaEvent.newBuilder().setTunnelId(r.tunnelId())
                .setKind(SaEventKind.DOWN).setReason("peer deleted the SA").setAtEpochMillis(System.currentTimeMillis())).build());
        HttpResult renamed = api.patch(tunnelPath, body("name", "renamed"), "If-Match", established.etag());
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.etag()).isEqualTo("\"1-DOWN\"");
        assertThat(api.patch(tunnelPath, body("name", "stale"), "If-Match", established.etag()).status()).isEqualTo(412);
        assertChanged(api, tunnelPath, established.etag());
    }
}
