package net.vpnaas.api.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The traffic history: what counter reports add becomes points (through the real telemetry writer),
 * the rollup folds them into minutes and hours without counting anything twice, and the API serves
 * them per step with its parameters checked and tenants kept apart.
 */
class TrafficHistoryTest extends ApiTestBase {
    @Autowired TelemetryWriter writer;
    @Autowired TrafficRollup rollup;

    private static TunnelCounters counters(String tunnel, int spi, long bytesIn, long bytesOut) {
        return TunnelCounters.newBuilder().setTunnelId(tunnel).setChildSpiIn(spi).setBytesIn(bytesIn).setBytesOut(bytesOut)
                .setPacketsIn(bytesIn / 100).setPacketsOut(bytesOut / 100).build();
    }

    private void report(String gateway, TelemetryBatch batch) {
        writer.submit(UUID.fromString(gateway), batch);
        writer.flush();
    }

    private static SaEvent childUp(String tunnel, int spi) {
        return SaEvent.newBuilder().setTunnelId(tunnel).setKind(SaEventKind.CHILD_UP).setChildSpiIn(spi).setChildSpiOut(spi + 1)
                .setAtEpochMillis(System.currentTimeMillis()).build();
    }

    private static long sum(HttpResult traffic, String field) {
        long total = 0;
        for (var p : traffic.json().get("points")) total += p.get(field).asLong();
        return total;
    }

    @Test
    void whatEachReportAddedOverTheTunnelsSasBecomesItsTraffic() {
        TenantFixture t = newTenant("customer");
        Resources r = createResources(t.admin());
        report(r.gatewayId(), TelemetryBatch.newBuilder().addEvents(childUp(r.tunnelId(), 0x100)).build());
        report(r.gatewayId(), TelemetryBatch.newBuilder().addCounters(counters(r.tunnelId(), 0x100, 1000, 50_000)).build());
        report(r.gatewayId(), TelemetryBatch.newBuilder().addCounters(counters(r.tunnelId(), 0x100, 3000, 60_000)).build());
        report(r.gatewayId(), TelemetryBatch.newBuilder().addCounters(counters(r.tunnelId(), 0x100, 3000, 60_000)).build());
        // a rekey: the new SA starts from zero, and its first report is all new traffic
        report(r.gatewayId(), TelemetryBatch.newBuilder().addEvents(childUp(r.tunnelId(), 0x200)).build());
        report(r.gatewayId(), TelemetryBatch.newBuilder().addCounters(counters(r.tunnelId(), 0x200, 500, 0)).build());
        // another gateway naming this tunnel writes nothing, to the SA or to the history
        Resources stranger = createResources(t.admin());
        report(stranger.gatewayId(), TelemetryBatch.newBuilder().addCounters(counters(r.tunnelId(), 0x200, 9_999_999, 0)).build());

        assertThat(jdbc.queryForObject("select count(*) from traffic_raw where tunnel_id = ?::uuid", Long.class, r.tunnelId()))
                .as("a report that adds nothing adds no row").isEqualTo(3);
        HttpResult traffic = as(createKey(t.admin(), "viewer")).get("/v1/tunnels/" + r.tunnelId() + "/traffic");
        assertThat(traffic.status()).as(traffic.body()).isEqualTo(200);
        assertThat(traffic.json().get("step").asLong()).isEqualTo(10);
        assertThat(traffic.json().get("points").size()).isBetween(360, 361);
        assertThat(sum(traffic, "bytesIn")).isEqualTo(3500);
        assertThat(sum(traffic, "bytesOut")).isEqualTo(60_000);
        assertThat(sum(traffic, "packetsIn")).isEqualTo(35);
        assertThat(sum(traffic, "packetsOut")).isEqualTo(600);
    }

    @Test
    void theRollupFoldsMinutesAndHoursAndEveryStepSeesEachByteOnce() {
        TenantFixture t = newTenant("customer");
        String tunnel = createResources(t.admin()).tunnelId();
        // in a future of its own, so the scheduled rollup and other tests' rows cannot meet these
        Instant t0 = Instant.parse("2100-01-01T00:00:00Z");
        try {
            jdbc.update("update traffic_rollup set done_until = ?", Timestamp.from(t0));
            raw(tunnel, t0.plusSeconds(10), 100);
            raw(tunnel, t0.plusSeconds(50), 200);
            raw(tunnel, t0.plusSeconds(70), 400);
            raw(tunnel, t0.plusSeconds(3 * 3600 + 5), 800);

            rollup.run(t0.plusSeconds(120)); // minutes before t0+1:45 are settled: the first minute
            assertThat(bytesIn(t.admin(), tunnel, t0, t0.plusSeconds(300), 60)).containsExactly(300L, 400L, 0L, 0L, 0L);
            assertThat(bytesIn(t.admin(), tunnel, t0, t0.plusSeconds(80), 10)).containsExactly(0L, 100L, 0L, 0L, 0L, 200L, 0L, 400L);

            rollup.run(t0.plusSeconds(5 * 3600));
            assertThat(jdbc.queryForObject("select count(*) from traffic_raw where tunnel_id = ?::uuid", Long.class, tunnel))
                    .as("raw rows older than 2 hours are gone, once folded").isEqualTo(1);
            assertThat(bytesIn(t.admin(), tunnel, t0, t0.plusSeconds(5 * 3600), 3600)).containsExactly(700L, 0L, 0L, 800L, 0L);
            List<Long> minutes = bytesIn(t.admin(), tunnel, t0, t0.plusSeconds(4 * 3600), 60);
            assertThat(minutes.get(0)).isEqualTo(300);
            assertThat(minutes.get(1)).isEqualTo(400);
            assertThat(minutes.get(180)).isEqualTo(800);
            assertThat(minutes.stream().mapToLong(Long::longValue).sum()).isEqualTo(1500);
            assertThat(bytesIn(t.admin(), tunnel, t0, t0.plusSeconds(6 * 3600), 1800).stream().mapToLong(Long::longValue).sum())
                    .as("a step in whole minutes but not hours reads minutes").isEqualTo(1500);
        } finally {
            jdbc.update("update traffic_rollup set done_until = date_trunc(level, now())");
        }
    }

    private void raw(String tunnel, Instant at, long bytesIn) {
        jdbc.update("insert into traffic_raw values (?::uuid, ?, ?, 0, 1, 0)", tunnel, Timestamp.from(at), bytesIn);
    }

    private List<Long> bytesIn(ApiClient client, String tunnel, Instant from, Instant to, long step) {
        HttpResult traffic = client.get("/v1/tunnels/" + tunnel + "/traffic?from=" + from + "&to=" + to + "&step=" + step);
        List<Long> out = new ArrayList<>();
        if (traffic.status() != 200) {
            throw new AssertionError(traffic.toString());
        }
        traffic.json().get("points").forEach(p -> out.add(p.get("bytesIn").asLong()));
        return out;
    }

    @Test
    void parametersAreCheckedAndNamedAndOtherTenantsSeeNothing() {
        TenantFixture t = newTenant("customer");
        TenantFixture other = newTenant("customer");
        String path = "/v1/tunnels/" + createResources(t.admin()).tunnelId() + "/traffic";
        Instant now = Instant.now();

        assertThat(other.admin().get(path).status()).isEqualTo(404);
        assertThat(t.admin().get("/v1/tunnels/" + UUID.randomUUID() + "/traffic").status()).isEqualTo(404);
        assertThat(t.admin().get(path + "?from=yesterday").errorFields()).containsExactly("from");
        assertThat(t.admin().get(path + "?to=2026-13-01T00:00:00Z").errorFields()).containsExactly("to");
        assertThat(t.admin().get(path + "?from=" + now + "&to=" + now.minusSeconds(60)).errorFields()).containsExactly("from");
        assertThat(t.admin().get(path + "?step=0").errorFields()).containsExactly("step");
        assertThat(t.admin().get(path + "?step=ten").errorFields()).containsExactly("step");
        HttpResult tooMany = t.admin().get(path + "?from=" + now.minusSeconds(86_400) + "&step=10");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorFields()).containsExactly("step");
        HttpResult tooOld = t.admin().get(path + "?from=" + now.minusSeconds(3 * 3600) + "&step=30");
        assertThat(tooOld.status()).isEqualTo(400);
        assertThat(tooOld.errorFields()).containsExactly("from");
        assertThat(t.admin().get(path + "?from=" + now.minusSeconds(3 * 3600) + "&step=60").status()).isEqualTo(200);
    }
}
