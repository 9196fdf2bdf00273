package net.vpnaas.api.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.UUID;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.agent.telemetry.TelemetryWriter;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The REST side of agents; every response is also checked against the OpenAPI contract by ApiClient. */
class AgentApiTest extends ApiTestBase {
    @Autowired JdbcEnrollmentTokens tokens;
    @Autowired JdbcAgentStatusStore status;
    @Autowired AgentCertificateAuthority ca;
    @Autowired TelemetryWriter telemetry;

    @Test
    void adminCreatesAOneTimeTokenThatIsStoredOnlyAsAHash() {
        TenantFixture t = newTenant("customer");
        Resources res = createResources(t.admin());
        HttpResult created = t.admin().post("/v1/gateways/" + res.gatewayId() + "/enrollment-tokens", body("ttlSeconds", 600));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().get("token").asText();
        assertThat(token).startsWith("vpe_").hasSizeGreaterThan(40);
        // The CA the agent trusts when it enrolls is the one that signs agent and server certificates.
        assertThat(pemCertificate(created.json().get("caCertificatePem").asText())).isEqualTo(ca.caCertificate());

        assertThat(tokens.redeem(token)).contains(UUID.fromString(res.gatewayId()));
        assertThat(tokens.redeem(token)).as("one-time").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from enrollment_token where encode(token_hash, 'escape') like ?",
                Integer.class, "%" + token.substring(4, 20) + "%")).isZero();

        HttpResult audit = t.admin().get("/v1/audit-events?limit=200");
        assertThat(audit.body()).contains("enrollment_token.create").doesNotContain(token);
    }

    private static X509Certificate pemCertificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new AssertionError("not a PEM certificate: " + pem, e);
        }
    }

    @Test
    void tokenRequestsAreValidatedAndAdminOnly() {
        TenantFixture t = newTenant("customer");
        Resources res = createResources(t.admin());
        String path = "/v1/gateways/" + res.gatewayId() + "/enrollment-tokens";
        var before = jdbc.queryForObject("select count(*) from enrollment_token", Long.class);

        HttpResult operator = as(createKey(t.admin(), "operator")).post(path, body());
        assertThat(operator.status()).isEqualTo(403);
        HttpResult tooShort = t.admin().post(path, body("ttlSeconds", 5));
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.errorFields()).containsExactly("ttlSeconds");
        HttpResult unknownField = t.admin().post(path, body("ttl", 600));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from enrollment_token", Long.class)).isEqualTo(before);

        HttpResult first = t.admin().post(path, body("ttlSeconds", 600), "Idempotency-Key", "enroll-1");
        HttpResult retry = t.admin().post(path, body("ttlSeconds", 600), "Idempotency-Key", "enroll-1");
        assertThat(retry.json().get("token").asText()).isEqualTo(first.json().get("token").asText());
        assertThat(jdbc.queryForObject("select count(*) from enrollment_token", Long.class)).isEqualTo(before + 1);
    }

    @Test
    void gatewayStatusAndLiveSasReflectWhatAgentsReported() {
        TenantFixture t = newTenant("customer");
        Resources res = createResources(t.admin());
        UUID gateway = UUID.fromString(res.gatewayId());

        HttpResult fresh = t.admin().get("/v1/gateways/" + gateway + "/status");
        assertThat(fresh.status()).isEqualTo(200);
        long revision = fresh.json().get("configRevision").asLong();
        assertThat(fresh.json().get("agentsConnected").asInt()).isZero();
        assertThat(fresh.json().get("inSync").asBoolean()).isFalse();
        HttpResult noSas = t.admin().get("/v1/tunnels/" + res.tunnelId() + "/security-associations");
        assertThat(noSas.json().get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(noSas.json().get("items")).isEmpty();

        status.connected(gateway, "agent-1", 0);
        status.acked(gateway, "agent-1", revision);
        status.telemetry(gateway, TelemetryBatch.newBuilder()
                .addEvents(SaEvent.newBuilder().setTunnelId(res.tunnelId()).setKind(SaEventKind.CHILD_UP)
                        .setChildSpiIn(0xc1a2b3c4).setChildSpiOut(0x0000abcd).setAtEpochMillis(System.currentTimeMillis()))
                .addCounters(TunnelCounters.newBuilder().setTunnelId(res.tunnelId()).setChildSpiIn(0xc1a2b3c4)
                        .setBytesIn(4096).setBytesOut(2048).setPacketsIn(4).setPacketsOut(2))
                .build());
        telemetry.flush();

        HttpResult synced = t.admin().get("/v1/gateways/" + gateway + "/status");
        assertThat(synced.json().get("inSync").asBoolean()).isTrue();
        assertThat(synced.json().get("agents").get(0).get("appliedVersion").asLong()).isEqualTo(revision);
        HttpResult sas = t.admin().get("/v1/tunnels/" + res.tunnelId() + "/security-associations");
        assertThat(sas.json().get("status").asText()).isEqualTo("ESTABLISHED");
        assertThat(sas.json().get("items").get(0).get("spiIn").asText()).isEqualTo("c1a2b3c4");
        assertThat(sas.json().get("items").get(0).get("bytesIn").asLong()).isEqualTo(4096);
        assertThat(t.admin().get("/v1/tunnels/" + res.tunnelId()).json().get("status").asText()).isEqualTo("ESTABLISHED");

        status.nacked(gateway, "agent-1", revision + 1, "unsupported ESP transform");
        HttpResult refused = t.admin().get("/v1/gateways/" + gateway + "/status");
        assertThat(refused.json().get("agents").get(0).get("lastError").asText()).isEqualTo("unsupported ESP transform");
        assertThat(refused.json().get("agents").get(0).get("appliedVersion").asLong()).isEqualTo(revision);
    }
}
