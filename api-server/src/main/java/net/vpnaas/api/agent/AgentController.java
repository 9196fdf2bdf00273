package net.vpnaas.api.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.agent.AgentViews.AgentView;
import net.vpnaas.api.agent.AgentViews.EnrollmentTokenCreated;
import net.vpnaas.api.agent.AgentViews.EnrollmentTokenRequest;
import net.vpnaas.api.agent.AgentViews.GatewayStatusView;
import net.vpnaas.api.agent.AgentViews.SecurityAssociationList;
import net.vpnaas.api.agent.AgentViews.SecurityAssociationView;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Access;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.model.Role;
import net.vpnaas.model.validation.Violation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Agents as the API shows them: enrollment tokens (admin only, shown once), the status of a
 * gateway's agents (connected, applied version, the last refused version and why), and the live
 * SAs of a tunnel with their counters. Another tenant's gateway or tunnel is a 404.
 */
@RestController
@Access(changes = Role.ADMIN)
class AgentController {
    static final int DEFAULT_TTL_SECONDS = 3600;
    static final int MAX_TTL_SECONDS = 7 * 24 * 3600;

    private final JdbcTemplate jdbc;
    private final JdbcEnrollmentTokens tokens;
    private final AuditLog audit;
    private final Idempotency idempotency;
    private final TransactionTemplate tx;
    private final AgentCertificateAuthority ca;

    AgentController(JdbcTemplate jdbc, JdbcEnrollmentTokens tokens, AuditLog audit,
                    Idempotency idempotency, TransactionTemplate tx, AgentCertificateAuthority ca) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.ca = ca;
        this.audit = audit;
        this.idempotency = idempotency;
        this.tx = tx;
    }

    @PostMapping("/v1/gateways/{id}/enrollment-tokens")
    ResponseEntity<?> createEnrollmentToken(Caller caller, @PathVariable UUID id,
                                            @RequestHeader(name = Idempotency.HEADER, required = false) String key,
                                            @RequestBody(required = false) EnrollmentTokenRequest body) {
        EnrollmentTokenRequest request = body == null ? new EnrollmentTokenRequest(null) : body;
        int ttl = request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
        if (ttl < 60 || ttl > MAX_TTL_SECONDS) {
            throw ApiException.invalid(List.of(new Violation("ttlSeconds", "must be between 60 and " + MAX_TTL_SECONDS)));
        }
        String path = "/v1/gateways/" + id + "/enrollment-tokens";
        return idempotency.execute(caller, key, path, request, () -> tx.execute(status -> {
            requireGateway(caller, id);
            var created = tokens.create(id, caller.principal().id(), Duration.ofSeconds(ttl));
            // The audit trail names the token and its gateway, never the token itself.
            audit.created(caller, ResourceType.ENROLLMENT_TOKEN, created.id(), Map.of("gatewayId", id.toString(),
                    "expiresAt", created.expiresAt().toString()));
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(new EnrollmentTokenCreated(created.id(), id, created.token(), created.expiresAt(), ca.caCertificatePem()));
        }));
    }

    @GetMapping("/v1/gateways/{id}/status")
    GatewayStatusView gatewayStatus(Caller caller, @PathVariable UUID id) {
        long revision = requireGateway(caller, id);
        List<AgentView> agents = jdbc.query("""
                select agent_name, connected, applied_version, connected_at, last_seen_at, last_error, last_error_version, last_error_at,
                  defence_level, defence_puzzle_difficulty, defence_half_open, defence_cookies_sent, defence_puzzles_sent,
                  defence_drops, defence_reported_at
                from gateway_agent where gateway_id = ? order by agent_name""", (rs, i) -> new AgentView(
                rs.getString("agent_name"), rs.getBoolean("connected"), rs.getLong("applied_version"),
                instant(rs, "connected_at"), instant(rs, "last_seen_at"), rs.getString("last_error"),
                (Long) rs.getObject("last_error_version"), instant(rs, "last_error_at"), defence(rs)), id);
        boolean inSync = agents.stream().anyMatch(a -> a.connected() && a.appliedVersion() == revision);
        int connected = (int) agents.stream().filter(AgentView::connected).count();
        return new GatewayStatusView(id, revision, connected, inSync, agents);
    }

    @GetMapping("/v1/tunnels/{id}/security-associations")
    SecurityAssociationList securityAssociations(Caller caller, @PathVariable UUID id) {
        List<SecurityAssociationList> tunnel = jdbc.query("""
                select t.status, s.reason, s.changed_at, s.quantum_safety, s.transport from tunnel t left join tunnel_state s on s.tunnel_id = t.id
                where t.id = ? and t.tenant_id = ?""", (rs, i) -> new SecurityAssociationList(id, rs.getString("status"),
                rs.getString("reason"), instant(rs, "changed_at"), rs.getString("quantum_safety"), rs.getString("transport"), List.of()), id, caller.tenantId());
        if (tunnel.isEmpty()) throw ApiException.notFound("tunnel");
        List<SecurityAssociationView> sas = jdbc.query("""
                select * from tunnel_sa where tunnel_id = ? order by established_at""", (rs, i) -> new SecurityAssociationView(
                "%08x".formatted(rs.getLong("spi_in")), "%08x".formatted(rs.getLong("spi_out")),
                rs.getLong("bytes_in"), rs.getLong("bytes_out"), rs.getLong("packets_in"), rs.getLong("packets_out"),
                rs.getLong("replay_drops"), rs.getLong("integrity_failures"), rs.getLong("selector_drops"),
                instant(rs, "established_at"), instant(rs, "last_rekey_at"), instant(rs, "updated_at")), id);
        var head = tunnel.getFirst();
        return new SecurityAssociationList(id, head.status(), head.reason(), head.lastChange(), head.quantumSafety(), head.transport(), sas);
    }

    /** The gateway's config revision; 404 unless it belongs to the tenant the caller acts on. */
    private long requireGateway(Caller caller, UUID id) {
        List<Long> revision = jdbc.queryForList("select config_revision from gateway where id = ? and tenant_id = ?",
                Long.class, id, caller.tenantId());
        if (revision.isEmpty()) throw ApiException.notFound("gateway");
        return revision.getFirst();
    }

    private static AgentDefence defence(ResultSet rs) throws SQLException {
        if (rs.getString("defence_level") == null) return null;
        return new AgentDefence(rs.getString("defence_level"), rs.getInt("defence_puzzle_difficulty"), rs.getInt("defence_half_open"),
                rs.getLong("defence_cookies_sent"), rs.getLong("defence_puzzles_sent"),
                AgentDefence.dropsFromJson(rs.getString("defence_drops")), instant(rs, "defence_reported_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
