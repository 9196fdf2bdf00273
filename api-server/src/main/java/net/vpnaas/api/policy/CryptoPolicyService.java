package net.vpnaas.api.policy;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.gateway.GatewayRevisions;
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
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.validation.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

@Service
public class CryptoPolicyService implements ResourceService<CryptoPolicySpec, CryptoPolicyView> {
    private final CryptoPolicyRepository policies;
    private final ViewReads<CryptoPolicyView> reads;
    private final TunnelReferences references;
    private final GatewayRevisions revisions;
    private final AuditLog audit;
    private final MergePatch mergePatch;
    private final TunnelPeerChecks peerChecks;

    CryptoPolicyService(CryptoPolicyRepository policies, JdbcClient jdbc, TunnelReferences references,
                        GatewayRevisions revisions, AuditLog audit, MergePatch mergePatch, TunnelPeerChecks peerChecks) {
        this.policies = policies;
        this.reads = new ViewReads<>(jdbc, "crypto_policy", CryptoPolicyView.COLUMNS, CryptoPolicyView::fromRow);
        this.references = references;
        this.revisions = revisions;
        this.audit = audit;
        this.mergePatch = mergePatch;
        this.peerChecks = peerChecks;
    }

    public CryptoPolicyView create(Caller caller, CryptoPolicySpec request) {
        CryptoPolicySpec spec = valid(request.withDefaults());
        CryptoPolicyEntity policy = new CryptoPolicyEntity(caller.tenantId(), spec);
        NewRow row = policy.newRow();
        CryptoPolicyView view = CryptoPolicyView.of(policy);
        audit.insertCreated(caller, ResourceType.CRYPTO_POLICY, row, view);
        return view;
    }

    public CryptoPolicyView get(Caller caller, UUID id) {
        return reads.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("crypto policy"));
    }

    public Page<CryptoPolicyView> list(Caller caller, PageRequest page, ListFilter filter) {
        return Page.of(reads.page(caller.tenantId(), page, filter), page, ResourceType.CRYPTO_POLICY);
    }

    @Transactional
    public CryptoPolicyView replace(Caller caller, UUID id, String ifMatch, CryptoPolicySpec request) {
        CryptoPolicyEntity policy = find(caller, id);
        ETags.checkIfMatch(ifMatch, policy.getVersion());
        return update(caller, policy, request);
    }

    @Transactional
    public CryptoPolicyView patch(Caller caller, UUID id, String ifMatch, JsonNode patch) {
        CryptoPolicyEntity policy = find(caller, id);
        ETags.checkIfMatch(ifMatch, policy.getVersion());
        return update(caller, policy, mergePatch.apply(policy.toSpec(), patch, CryptoPolicySpec.class));
    }

    private CryptoPolicyView update(Caller caller, CryptoPolicyEntity policy, CryptoPolicySpec request) {
        CryptoPolicySpec spec = valid(request.withDefaults());
        List<Violation> underTunnels = peerChecks.policy(policy.getId(), spec);
        if (!underTunnels.isEmpty()) {
            throw ApiException.invalid(underTunnels);
        }
        if (spec.equals(policy.toSpec())) {
            return CryptoPolicyView.of(policy);
        }
        CryptoPolicyView before = CryptoPolicyView.of(policy);
        policy.apply(spec);
        policies.flush();
        CryptoPolicyView after = CryptoPolicyView.of(policy);
        audit.updated(caller, ResourceType.CRYPTO_POLICY, policy.getId(), before, after, List.of());
        revisions.bump(references.gatewaysOfTunnelsUsingPolicy(policy.getId()));
        return after;
    }

    @Transactional
    public void delete(Caller caller, UUID id, String ifMatch) {
        CryptoPolicyEntity policy = find(caller, id);
        ETags.checkIfMatch(ifMatch, policy.getVersion());
        if (references.tunnelsUsingPolicy(id) > 0) {
            throw new ApiException(ProblemType.RESOURCE_IN_USE, "tunnels or remote-access endpoints still use this crypto policy; delete them first");
        }
        CryptoPolicyView before = CryptoPolicyView.of(policy);
        policies.delete(policy);
        audit.deleted(caller, ResourceType.CRYPTO_POLICY, id, before);
    }

    private CryptoPolicyEntity find(Caller caller, UUID id) {
        return policies.findByIdAndTenantId(id, caller.tenantId()).orElseThrow(() -> ApiException.notFound("crypto policy"));
    }

    private static CryptoPolicySpec valid(CryptoPolicySpec spec) {
        List<Violation> violations = spec.validate();
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        return spec;
    }
}
