package net.vpnaas.api.tunnel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.gateway.GatewayRevisions;
import net.vpnaas.api.support.ConnectionNames;
import net.vpnaas.api.support.NewRow;
import net.vpnaas.api.support.Ownership;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.support.TunnelPeerChecks;
import net.vpnaas.api.support.ViewReads;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.ListFilter;
import net.vpnaas.api.web.MergePatch;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.api.web.ResourceService;
import net.vpnaas.model.TunnelSpec;
import net.vpnaas.model.validation.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

@Service
public class TunnelService implements ResourceService<TunnelSpec, TunnelView> {
    private final TunnelRepository tunnels;
    private final ViewReads<TunnelView> reads;
    private final Ownership ownership;
    private final GatewayRevisions revisions;
    private final AuditLog audit;
    private final MergePatch mergePatch;
    private final TunnelPeerChecks peerChecks;
    private final ConnectionNames connectionNames;

    TunnelService(TunnelRepository tunnels, JdbcClient jdbc, Ownership ownership, GatewayRevisions revisions, AuditLog audit,
                  MergePatch mergePatch, TunnelPeerChecks peerChecks, ConnectionNames connectionNames) {
        this.tunnels = tunnels;
        this.reads = new ViewReads<>(jdbc, "tunnel", TunnelView.COLUMNS, TunnelView::fromRow);
        this.ownership = ownership;
        this.revisions = revisions;
        this.audit = audit;
        this.mergePatch = mergePatch;
        this.peerChecks = peerChecks;
        this.connectionNames = connectionNames;
    }

    @Transactional
    public TunnelView create(Caller caller, TunnelSpec request) {
        TunnelSpec spec = valid(caller, request.withDefaults());
        TunnelEntity tunnel = new TunnelEntity(caller.tenantId(), spec);
        NewRow row = tunnel.newRow();
        TunnelView view = TunnelView.of(tunnel);
        audit.insertCreated(caller, ResourceType.TUNNEL, row, view);
        revisions.bump(Set.of(spec.gatewayId()));
        return view;
    }

    public TunnelView get(Caller caller, UUID id) {
        return reads.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("tunnel"));
    }

    public Page<TunnelView> list(Caller caller, PageRequest page, ListFilter filter) {
        return Page.of(reads.page(caller.tenantId(), page, filter), page, ResourceType.TUNNEL);
    }

    @Transactional
    public TunnelView replace(Caller caller, UUID id, String ifMatch, TunnelSpec request) {
        TunnelEntity tunnel = find(caller, id);
        ETags.checkIfMatch(ifMatch, tunnel.getVersion());
        return update(caller, tunnel, request);
    }

    @Transactional
    public TunnelView patch(Caller caller, UUID id, String ifMatch, JsonNode patch) {
        TunnelEntity tunnel = find(caller, id);
        ETags.checkIfMatch(ifMatch, tunnel.getVersion());
        return update(caller, tunnel, mergePatch.apply(tunnel.toSpec(), patch, TunnelSpec.class));
    }

    private TunnelView update(Caller caller, TunnelEntity tunnel, TunnelSpec request) {
        TunnelSpec spec = valid(caller, request.withDefaults());
        if (spec.equals(tunnel.toSpec())) {
            return TunnelView.of(tunnel);
        }
        TunnelView before = TunnelView.of(tunnel);
        UUID previousGateway = tunnel.getGatewayId();
        tunnel.apply(spec);
        tunnels.flush();
        TunnelView after = TunnelView.of(tunnel);
        audit.updated(caller, ResourceType.TUNNEL, tunnel.getId(), before, after, List.of());
        // a tunnel moved to another gateway leaves the old one's configuration as well
        revisions.bump(new java.util.LinkedHashSet<>(List.of(previousGateway, spec.gatewayId())));
        return after;
    }

    @Transactional
    public void delete(Caller caller, UUID id, String ifMatch) {
        TunnelEntity tunnel = find(caller, id);
        ETags.checkIfMatch(ifMatch, tunnel.getVersion());
        TunnelView before = TunnelView.of(tunnel);
        tunnels.delete(tunnel);
        tunnels.flush();
        audit.deleted(caller, ResourceType.TUNNEL, id, before);
        revisions.bump(Set.of(tunnel.getGatewayId()));
    }

    private TunnelEntity find(Caller caller, UUID id) {
        return tunnels.findByIdAndTenantId(id, caller.tenantId()).orElseThrow(() -> ApiException.notFound("tunnel"));
    }

    /**
     * Model rules first; then the references, which must name resources of the same tenant; then
     * whether the gateway can run a tunnel to that peer.
     */
    private TunnelSpec valid(Caller caller, TunnelSpec spec) {
        List<Violation> violations = new ArrayList<>(spec.validate());
        connectionNames.takenByRemoteAccessEndpoint(caller.tenantId(), spec.name()).ifPresent(violations::add);
        boolean gateway = reference(violations, caller, "gatewayId", ResourceType.GATEWAY, spec.gatewayId());
        boolean peer = reference(violations, caller, "peerId", ResourceType.PEER, spec.peerId());
        boolean policy = reference(violations, caller, "policyId", ResourceType.CRYPTO_POLICY, spec.policyId());
        if (gateway && peer) {
            violations.addAll(peerChecks.tunnel(spec.gatewayId(), spec.peerId()));
        }
        if (peer && policy) {
            violations.addAll(peerChecks.qkd(spec.peerId(), spec.policyId()));
            violations.addAll(peerChecks.password(spec.peerId(), spec.policyId()));
        }
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        return spec;
    }

    /** Whether {@code id} names a resource of the caller's tenant; a violation when it names none. */
    private boolean reference(List<Violation> violations, Caller caller, String field, ResourceType type, UUID id) {
        if (id == null) {
            return false;
        }
        if (!ownership.owns(caller.tenantId(), type, id)) {
            violations.add(new Violation(field, "no such " + type.wireName().replace('_', ' ') + " in this tenant"));
            return false;
        }
        return true;
    }
}
