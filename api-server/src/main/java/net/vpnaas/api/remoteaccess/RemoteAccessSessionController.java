package net.vpnaas.api.remoteaccess;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Access;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.gateway.GatewayRevisions;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.model.Role;
import net.vpnaas.model.validation.Violation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The connected clients of a remote-access endpoint, as its gateway's agents report them, and their
 * disconnection: the request is stored and goes to the gateway's agents in its next snapshot (the
 * configuration revision is bumped, so it reaches the agent whichever replica holds its stream); the
 * agent running the session sends the client an IKE Delete, which frees its virtual IP.
 */
@RestController
@Access(changes = Role.OPERATOR)
@RequestMapping(RemoteAccessEndpointController.PATH + "/{id}")
class RemoteAccessSessionController {
    /** The body of a disconnect. */
    record DisconnectRequest(String sessionId) {}

    record SessionList(List<RemoteAccessSessionView> items) {}

    private final JdbcClient jdbc;
    private final GatewayRevisions revisions;
    private final AuditLog audit;

    RemoteAccessSessionController(JdbcClient jdbc, GatewayRevisions revisions, AuditLog audit) {
        this.jdbc = jdbc;
        this.revisions = revisions;
        this.audit = audit;
    }

    /** Every session (an endpoint's clients are as many as its pool has addresses, a few thousand at most: no pages). */
    @GetMapping("/sessions")
    SessionList sessions(Caller caller, @PathVariable UUID id) {
        gatewayOf(caller, id);
        return new SessionList(jdbc.sql("select " + RemoteAccessSessionView.COLUMNS
                        + " from remote_access_session where endpoint_id = ? order by since, session_id")
                .param(id).query(RemoteAccessSessionView::fromRow).list());
    }

    @PostMapping("/disconnect")
    @Transactional
    ResponseEntity<Void> disconnect(Caller caller, @PathVariable UUID id, @RequestBody DisconnectRequest request) {
        UUID gateway = gatewayOf(caller, id);
        if (request.sessionId() == null) throw ApiException.invalid(List.of(new Violation("sessionId", "is required")));
        boolean reported = jdbc.sql("select exists(select 1 from remote_access_session where endpoint_id = ? and session_id = ?)")
                .params(id, request.sessionId()).query(Boolean.class).single();
        if (!reported) throw ApiException.notFound("session");
        jdbc.sql("insert into remote_access_disconnect (endpoint_id, session_id, requested_at) values (?, ?, now()) on conflict do nothing")
                .params(id, request.sessionId()).update();
        audit.record(caller, ResourceType.REMOTE_ACCESS_ENDPOINT, id, "disconnect_session", Map.of("sessionId", request.sessionId()));
        revisions.bump(Set.of(gateway));
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    /** The endpoint's gateway; 404 when the endpoint is not the caller's. */
    private UUID gatewayOf(Caller caller, UUID endpoint) {
        return jdbc.sql("select gateway_id from remote_access_endpoint where id = ? and tenant_id = ?").params(endpoint, caller.tenantId())
                .query(UUID.class).optional().orElseThrow(() -> ApiException.notFound("remote-access endpoint"));
    }
}
