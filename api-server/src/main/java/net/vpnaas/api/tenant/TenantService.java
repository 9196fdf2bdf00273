package net.vpnaas.api.tenant;

import java.util.List;
import java.util.UUID;
import net.vpnaas.api.apikey.ApiKeyService;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.ListFilter;
import net.vpnaas.api.web.MergePatch;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.ResourceService;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.model.TenantSpec;
import net.vpnaas.model.validation.Violation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The MSP hierarchy. The acting tenant sees itself and its descendants, never its siblings or
 * ancestors; it creates children only if it is an MSP; it deletes only descendants that own nothing.
 */
@Service
public class TenantService implements ResourceService<TenantSpec, TenantView> {
    private final TenantRepository tenants;
    private final AuditLog audit;
    private final MergePatch mergePatch;
    private final ApiKeyService apiKeys;

    TenantService(TenantRepository tenants, AuditLog audit, MergePatch mergePatch, ApiKeyService apiKeys) {
        this.tenants = tenants;
        this.audit = audit;
        this.mergePatch = mergePatch;
        this.apiKeys = apiKeys;
    }

    @Transactional
    public TenantView create(Caller caller, TenantSpec request) {
        TenantSpec spec = valid(request.withDefaults());
        TenantEntity parent = tenants.findById(caller.tenantId()).orElseThrow(() -> ApiException.notFound("tenant"));
        if (!parent.isMsp()) {
            throw new ApiException(ProblemType.CONFLICT, "only an MSP tenant can have child tenants");
        }
        TenantEntity tenant = tenants.saveAndFlush(new TenantEntity(parent.getId(), spec));
        TenantView view = TenantView.of(tenant);
        audit.created(caller, ResourceType.TENANT, tenant.getId(), view);
        return view;
    }

    /** The root of the hierarchy, if the database has one. */
    @Transactional(readOnly = true)
    public java.util.Optional<TenantView> findRoot() {
        return tenants.findFirstByParentIdIsNull().map(TenantView::of);
    }

    /** Creates the root MSP tenant of an empty database (at bootstrap, no caller, no audit). */
    @Transactional
    public TenantView createRoot() {
        return TenantView.of(tenants.saveAndFlush(new TenantEntity(null, new TenantSpec("root", java.util.Map.of(), TenantSpec.MSP))));
    }

    public TenantView get(Caller caller, UUID id) {
        return TenantView.of(visible(caller, id));
    }

    public Page<TenantView> list(Caller caller, PageRequest page, ListFilter filter) {
        var rows = tenants.page(caller.tenantId(), page.after(), filter.name(), filter.labelsJson(), page.fetchSize());
        return Page.of(rows, page, ResourceType.TENANT, TenantEntity::getId, TenantView::of);
    }

    @Transactional
    public TenantView replace(Caller caller, UUID id, String ifMatch, TenantSpec request) {
        TenantEntity tenant = visible(caller, id);
        ETags.checkIfMatch(ifMatch, tenant.getVersion());
        return update(caller, tenant, request);
    }

    @Transactional
    public TenantView patch(Caller caller, UUID id, String ifMatch, JsonNode patch) {
        TenantEntity tenant = visible(caller, id);
        ETags.checkIfMatch(ifMatch, tenant.getVersion());
        return update(caller, tenant, mergePatch.apply(tenant.toSpec(), patch, TenantSpec.class));
    }

    private TenantView update(Caller caller, TenantEntity tenant, TenantSpec request) {
        TenantSpec spec = valid(request.withDefaults());
        if (spec.equals(tenant.toSpec())) {
            return TenantView.of(tenant);
        }
        if (!spec.kind().equals(tenant.getKind()) && tenant.getId().equals(caller.keyTenantId())) {
            // otherwise a customer's admin could make itself an MSP
            throw new ApiException(ProblemType.CONFLICT, "a tenant's kind is changed by its MSP",
                    List.of(new Violation("kind", "cannot be changed with a key of this tenant")));
        }
        if (!TenantSpec.MSP.equals(spec.kind()) && tenants.existsByParentId(tenant.getId())) {
            throw new ApiException(ProblemType.CONFLICT, "a tenant with child tenants must stay an MSP",
                    List.of(new Violation("kind", "the tenant has child tenants")));
        }
        TenantView before = TenantView.of(tenant);
        tenant.apply(spec);
        tenants.flush();
        TenantView after = TenantView.of(tenant);
        audit.updated(caller, ResourceType.TENANT, tenant.getId(), before, after, List.of());
        return after;
    }

    @Transactional
    public void delete(Caller caller, UUID id, String ifMatch) {
        TenantEntity tenant = visible(caller, id);
        if (id.equals(caller.tenantId()) || id.equals(caller.keyTenantId())) {
            throw new ApiException(ProblemType.CONFLICT, "a tenant cannot delete itself; its MSP can");
        }
        ETags.checkIfMatch(ifMatch, tenant.getVersion());
        if (tenants.existsByParentId(id) || tenants.countOwnedResources(id) > 0) {
            throw new ApiException(ProblemType.RESOURCE_IN_USE,
                    "the tenant still has child tenants, gateways, peers, crypto policies or tunnels");
        }
        TenantView before = TenantView.of(tenant);
        tenants.delete(tenant);
        tenants.flush();
        apiKeys.forgetKeysOfTenant(id);
        audit.deleted(caller, ResourceType.TENANT, id, before);
    }

    /** The tenant if it is the acting tenant or one of its descendants; 404 otherwise. */
    private TenantEntity visible(Caller caller, UUID id) {
        if (!id.equals(caller.tenantId()) && !tenants.isStrictDescendant(id, caller.tenantId())) {
            throw ApiException.notFound("tenant");
        }
        return tenants.findById(id).orElseThrow(() -> ApiException.notFound("tenant"));
    }

    private static TenantSpec valid(TenantSpec spec) {
        List<Violation> violations = spec.validate();
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        return spec;
    }
}
