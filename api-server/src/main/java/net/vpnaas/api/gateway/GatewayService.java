package net.vpnaas.api.gateway;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.agent.GatewayChangeNotifier;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.ikeca.GatewayCertificates;
import net.vpnaas.api.support.EndpointAddressProperties;
import net.vpnaas.api.support.NewRow;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.support.TunnelPeerChecks;
import net.vpnaas.api.support.TunnelReferences;
import net.vpnaas.api.support.ViewReads;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.ListFilter;
import net.vpnaas.api.web.MergePatch;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.api.web.ResourceService;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.validation.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

@Service
public class GatewayService implements ResourceService<GatewaySpec, GatewayView> {
    private final GatewayRepository gateways;
    private final ViewReads<GatewayView> reads;
    private final TunnelReferences references;
    private final AuditLog audit;
    private final MergePatch mergePatch;
    private final GatewayChangeNotifier notifier;
    private final EndpointAddressProperties endpoints;
    private final TunnelPeerChecks peerChecks;
    private final GatewayCertificates certificates;

    GatewayService(GatewayRepository gateways, JdbcClient jdbc, TunnelReferences references, AuditLog audit,
                   MergePatch mergePatch, GatewayChangeNotifier notifier, EndpointAddressProperties endpoints,
                   TunnelPeerChecks peerChecks, GatewayCertificates certificates) {
        this.gateways = gateways;
        this.reads = new ViewReads<>(jdbc, "gateway", GatewayView.COLUMNS, GatewayView::fromRow);
        this.references = references;
        this.audit = audit;
        this.mergePatch = mergePatch;
        this.notifier = notifier;
        this.endpoints = endpoints;
        this.peerChecks = peerChecks;
        this.certificates = certificates;
    }

    public GatewayView create(Caller caller, GatewaySpec request) {
        GatewaySpec spec = valid(request.withDefaults());
        GatewayEntity gateway = new GatewayEntity(caller.tenantId(), spec);
        NewRow row = gateway.newRow();
        GatewayView view = GatewayView.of(gateway);
        audit.insertCreated(caller, ResourceType.GATEWAY, row, view);
        return view;
    }

    public GatewayView get(Caller caller, UUID id) {
        return reads.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("gateway"));
    }

    public Page<GatewayView> list(Caller caller, PageRequest page, ListFilter filter) {
        return Page.of(reads.page(caller.tenantId(), page, filter), page, ResourceType.GATEWAY);
    }

    @Transactional
    public GatewayView replace(Caller caller, UUID id, String ifMatch, GatewaySpec request) {
        GatewayEntity gateway = find(caller, id);
        ETags.checkIfMatch(ifMatch, gateway.getVersion());
        return update(caller, gateway, request);
    }

    @Transactional
    public GatewayView patch(Caller caller, UUID id, String ifMatch, JsonNode patch) {
        GatewayEntity gateway = find(caller, id);
        ETags.checkIfMatch(ifMatch, gateway.getVersion());
        return update(caller, gateway, mergePatch.apply(gateway.toSpec(), patch, GatewaySpec.class));
    }

    private GatewayView update(Caller caller, GatewayEntity gateway, GatewaySpec request) {
        GatewaySpec spec = valid(request.withDefaults());
        List<Violation> underTunnels = peerChecks.gateway(gateway.getId(), spec);
        if (!underTunnels.isEmpty()) {
            throw ApiException.invalid(underTunnels);
        }
        if (spec.equals(gateway.toSpec())) {
            return GatewayView.of(gateway);
        }
        GatewayView before = GatewayView.of(gateway);
        certificates.gatewayChanging(gateway.getId(), spec.name(), spec.publicAddresses());
        gateway.apply(spec);
        gateway.bumpConfigRevision();
        gateways.flush();
        notifier.gatewayChanged(gateway.getId()); // its agents run the new addresses
        GatewayView after = GatewayView.of(gateway);
        audit.updated(caller, ResourceType.GATEWAY, gateway.getId(), before, after, List.of());
        return after;
    }

    @Transactional
    public void delete(Caller caller, UUID id, String ifMatch) {
        GatewayEntity gateway = find(caller, id);
        ETags.checkIfMatch(ifMatch, gateway.getVersion());
        if (references.tunnelsUsingGateway(id) > 0) {
            throw new ApiException(ProblemType.RESOURCE_IN_USE, "tunnels or remote-access endpoints still use this gateway; delete them first");
        }
        GatewayView before = GatewayView.of(gateway);
        gateways.delete(gateway);
        audit.deleted(caller, ResourceType.GATEWAY, id, before);
    }

    private GatewayEntity find(Caller caller, UUID id) {
        return gateways.findByIdAndTenantId(id, caller.tenantId()).orElseThrow(() -> ApiException.notFound("gateway"));
    }

    private GatewaySpec valid(GatewaySpec spec) {
        List<Violation> violations = spec.validate(endpoints.rules());
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        return spec;
    }
}
