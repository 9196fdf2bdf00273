package net.vpnaas.api.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The single telemetry writer against PostgreSQL: what several streams' batches leave in the database and the API. */
class TelemetryWriterTest extends ApiTestBase {
    @Autowired TelemetryWriter writer;
    @Autowired MeterRegistry meters;

    record Gateway(UUID id, List<UUID> tunnels, ApiClient admin) {}

    Gateway gatewayWithTunnels(int n) {
        var admin = newTenant("customer").admin();
        var res = createResources(admin);
        List<UUID> tunnels = new ArrayList<>(List.of(UUID.fromString(res.tunnelId())));
        for (int i = 1; i < n; i++) {
            tunnels.add(UUID.fromString(created(admin.post("/v1/tunnels",
                    tunnelBody(unique("tun"), res.gatewayId(), res.peerId(), res.policyId())))));
        }
        return new Gateway(UUID.fromString(res.gatewayId()), tunnels, admin);
    }

    static SaEvent.Builder event(UUID tunnel, SaEventKind kind, int spiIn) {
        return SaEvent.newBuilder().setTunnelId(tunnel.toString()).setKind(kind).setChildSpiIn(spiIn).setChildSpiOut(spiIn + 1)
                .setAtEpochMillis(System.currentTimeMillis());
    }

    static TunnelCounters.Builder counters(UUID tunnel, int spiIn, long bytesIn) {
        return TunnelCounters.newBuilder().setTunnelId(tunnel.toString()).setChildSpiIn(spiIn).setBytesIn(bytesIn).setPacketsIn(bytesIn / 100);
    }

    Long bytesIn(UUID tunnel, long spiIn) {
        return jdbc.query("select bytes_in from tunnel_sa where tunnel_id = ? and spi_in = ?",
                rs -> rs.next() ? rs.getLong(1) : null, tunnel, spiIn);
    }

    double counter(String name) {
        var c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void oneWriteStoresTheLatestCountersOfEverySaOfSeveralGateways() {
        Gateway a = gatewayWithTunnels(3), b = gatewayWithTunnels(2);
        for (Gateway g : List.of(a, b)) {
            for (UUID t : g.tunnels()) writer.submit(g.id(), TelemetryBatch.newBuilder().addEvents(event(t, SaEventKind.CHILD_UP, 0x100)).build());
        }
        writer.flush();
        double updatesBefore = counter("vpnaas.agent.telemetry.updates"), supersededBefore = counter("vpnaas.agent.telemetry.counters.superseded");

        // Each stream reports all its SAs per batch; gateway a twice before the write.
        for (int round = 1; round <= 2; round++) {
            for (Gateway g : List.of(a, b)) {
                if (g == b && round == 2) continue;
                var batch = TelemetryBatch.newBuilder();
                for (int i = 0; i < g.tunnels().size(); i++) batch.addCounters(counters(g.tunnels().get(i), 0x100, round * 1000L + i));
                writer.submit(g.id(), batch.build());
            }
        }
        // Gateway b names a's tunnel: not its tunnel, not written.
        writer.submit(b.id(), TelemetryBatch.newBuilder().addCounters(counters(a.tunnels().getFirst(), 0x100, 666)).build());
        writer.flush();

        for (int i = 0; i < 3; i++) assertThat(bytesIn(a.tunnels().get(i), 0x100)).isEqualTo(2000L + i);
        for (int i = 0; i < 2; i++) assertThat(bytesIn(b.tunnels().get(i), 0x100)).isEqualTo(1000L + i);
        assertThat(counter("vpnaas.agent.telemetry.updates") - updatesBefore).as("rows written: one per SA").isEqualTo(5);
        assertThat(counter("vpnaas.agent.telemetry.counters.superseded") - supersededBefore).as("a's first reports").isEqualTo(3);
    }

    @Test
    void eventsOfATunnelApplyInTheOrderTheyArrivedWithinOneWrite() {
        Gateway g = gatewayWithTunnels(2);
        UUID rekeyed = g.tunnels().get(0), failed = g.tunnels().get(1);
        writer.submit(g.id(), TelemetryBatch.newBuilder()
                .addEvents(event(rekeyed, SaEventKind.IKE_UP, 0).setQuantumSafety("ML_KEM_768+PPK(ppk-a)").setTransport("tcp"))
                .addEvents(event(failed, SaEventKind.IKE_UP, 0).setQuantumSafety("none").setTransport("udp"))
                .addEvents(event(rekeyed, SaEventKind.CHILD_UP, 0x201))
                .addEvents(event(failed, SaEventKind.CHILD_UP, 0x301)).build());
        writer.submit(g.id(), TelemetryBatch.newBuilder()
                .addEvents(event(rekeyed, SaEventKind.REKEYED, 0x202))
                .addEvents(event(rekeyed, SaEventKind.DELETED, 0x201))
                .addEvents(event(failed, SaEventKind.DOWN, 0).setReason("dpd timeout"))
                .addEvents(event(failed, SaEventKind.AUTHENTICATION_FAILED, 0).setReason("peer rejected our PSK"))
                .addCounters(counters(rekeyed, 0x202, 4200)).build());
        writer.flush();

        var admin = g.admin();
        HttpResult sas = admin.get("/v1/tunnels/" + rekeyed + "/security-associations");
        assertThat(sas.json().get("status").asText()).isEqualTo("ESTABLISHED");
        assertThat(sas.json().get("quantumSafety").asText()).as("from IKE_UP, kept through the rekey").isEqualTo("ML_KEM_768+PPK(ppk-a)");
        assertThat(sas.json().get("transport").asText()).as("from IKE_UP, kept through the rekey").isEqualTo("tcp");
        assertThat(sas.json().get("items")).hasSize(1);
        assertThat(sas.json().get("items").get(0).get("spiIn").asText()).isEqualTo("00000202");
        assertThat(sas.json().get("items").get(0).get("bytesIn").asLong()).as("counters after the SA's event").isEqualTo(4200);

        HttpResult down = admin.get("/v1/tunnels/" + failed + "/security-associations");
        assertThat(down.json().get("status").asText()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(down.json().get("reason").asText()).isEqualTo("peer rejected our PSK");
        assertThat(down.json().get("items")).isEmpty();
        assertThat(down.json().has("quantumSafety")).as("gone with the IKE SA").isFalse();
        assertThat(down.json().has("transport")).as("gone with the IKE SA").isFalse();
        assertThat(admin.get("/v1/tunnels/" + failed).json().get("status").asText()).isEqualTo("AUTHENTICATION_FAILED");
    }

    /** A second IKE SA (make-before-break) reports no IKE_UP; its Child SA's event carries its quantum safety. */
    @Test
    void aChildSaEventWithQuantumSafetyUpdatesIt() {
        Gateway g = gatewayWithTunnels(1);
        UUID tunnel = g.tunnels().get(0);
        writer.submit(g.id(), TelemetryBatch.newBuilder()
                .addEvents(event(tunnel, SaEventKind.IKE_UP, 0).setQuantumSafety("none"))
                .addEvents(event(tunnel, SaEventKind.CHILD_UP, 0x201).setQuantumSafety("none")).build());
        writer.flush();
        assertThat(g.admin().get("/v1/tunnels/" + tunnel + "/security-associations").json().get("quantumSafety").asText()).isEqualTo("none");
        writer.submit(g.id(), TelemetryBatch.newBuilder()
                .addEvents(event(tunnel, SaEventKind.REKEYED, 0x202).setQuantumSafety("ML_KEM_768+PPK(ppk-a)"))
                .addEvents(event(tunnel, SaEventKind.DELETED, 0x201)).build());
        writer.flush();
        assertThat(g.admin().get("/v1/tunnels/" + tunnel + "/security-associations").json().get("quantumSafety").asText())
                .isEqualTo("ML_KEM_768+PPK(ppk-a)");
    }

    @Test
    void aWriteSplitOverSeveralConnectionsStoresEverySa() {
        Gateway g = gatewayWithTunnels(1);
        // 1,200 more tunnels of the same gateway, copied in SQL (through REST this would take minutes).
        List<UUID> tunnels = jdbc.queryForList("""
                insert into tunnel select (jsonb_populate_record(t, jsonb_build_object('id', gen_random_uuid(), 'name', t.name || '-' || i))).*
                from tunnel t, generate_series(1, 1200) i where t.id = ? returning id""", UUID.class, g.tunnels().getFirst());
        var up = TelemetryBatch.newBuilder();
        tunnels.forEach(t -> up.addEvents(event(t, SaEventKind.CHILD_UP, 0x400)));
        writer.submit(g.id(), up.build());
        writer.flush();
        double before = counter("vpnaas.agent.telemetry.updates");

        var report = TelemetryBatch.newBuilder();
        for (int i = 0; i < tunnels.size(); i++) report.addCounters(counters(tunnels.get(i), 0x400, 5000L + i));
        writer.submit(g.id(), report.build());
        writer.flush();

        assertThat(counter("vpnaas.agent.telemetry.updates") - before).isEqualTo(tunnels.size());
        Map<UUID, Long> expected = new HashMap<>(), stored = new HashMap<>();
        for (int i = 0; i < tunnels.size(); i++) expected.put(tunnels.get(i), 5000L + i);
        jdbc.query("select tunnel_id, bytes_in from tunnel_sa where spi_in = ? and tunnel_id = any(?)",
                rs -> { stored.put(rs.getObject(1, UUID.class), rs.getLong(2)); }, 0x400L, tunnels.toArray(UUID[]::new));
        assertThat(stored).isEqualTo(expected);
    }
}
