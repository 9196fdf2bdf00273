package net.vpnaas.api.remoteaccess;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.gateway.GatewayRevisions;
import net.vpnaas.api.secret.EncryptedColumn;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.secret.UndecryptableSecretException;
import net.vpnaas.api.support.ConnectionNames;
import net.vpnaas.api.support.NewRow;
import net.vpnaas.api.support.Ownership;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.support.ViewReads;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.ListFilter;
import net.vpnaas.api.web.MergePatch;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.api.web.ResourceService;
import net.vpnaas.model.RadiusServerSpec;
import net.vpnaas.model.RemoteAccessEndpointSpec;
import net.vpnaas.model.validation.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Remote-access endpoints: tenant-model's rules, then what ties an endpoint to the tenant's other
 * resources (its gateway and policy are the caller's, its name is no tunnel's, since both become
 * connections of the same engine by name, and a gateway without an IKE certificate can serve EAP-only
 * clients only). A RADIUS server named again without its secret keeps the one stored for that address
 * and port; each change bumps the gateway's configuration revision so its agents get it.
 */
@Service
public class RemoteAccessEndpointService implements ResourceService<RemoteAccessEndpointSpec, RemoteAccessEndpointView> {
    public static final EncryptedColumn RADIUS_SECRETS = new EncryptedColumn("remote-access RADIUS secrets", "remote_access_endpoint",
            List.of("id"), "radius_secrets_ciphertext", key -> RadiusSecrets.associatedData((UUID) key.getFirst()));

    private final RemoteAccessEndpointRepository endpoints;
    private final ViewReads<RemoteAccessEndpointView> reads;
    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Ownership ownership;
    private final GatewayRevisions revisions;
    private final AuditLog audit;
    private final MergePatch mergePatch;
    private final ConnectionNames connectionNames;

    RemoteAccessEndpointService(RemoteAccessEndpointRepository endpoints, JdbcClient jdbc, SecretCipher cipher, Ownership ownership,
                                GatewayRevisions revisions, AuditLog audit, MergePatch mergePatch, ConnectionNames connectionNames) {
        this.endpoints = endpoints;
        this.reads = new ViewReads<>(jdbc, "remote_access_endpoint", RemoteAccessEndpointView.COLUMNS, RemoteAccessEndpointView::fromRow);
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.ownership = ownership;
        this.revisions = revisions;
        this.audit = audit;
        this.mergePatch = mergePatch;
        this.connectionNames = connectionNames;
    }

    @Override
    @Transactional
    public RemoteAccessEndpointView create(Caller caller, RemoteAccessEndpointSpec request) {
        RemoteAccessEndpointSpec spec = valid(caller, request.withDefaults(), null);
        var endpoint = new RemoteAccessEndpointEntity(caller.tenantId());
        endpoint.apply(spec, encryptSecrets(endpoint.getId(), spec));
        NewRow row = endpoint.newRow();
        RemoteAccessEndpointView view = RemoteAccessEndpointView.of(endpoint);
        audit.insertCreated(caller, ResourceType.REMOTE_ACCESS_ENDPOINT, row, view);
        revisions.bump(Set.of(spec.gatewayId()));
        return view;
    }

    @Override
    public RemoteAccessEndpointView get(Caller caller, UUID id) {
        return reads.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("remote-access endpoint"));
    }

    @Override
    public Page<RemoteAccessEndpointView> list(Caller caller, PageRequest page, ListFilter filter) {
        return Page.of(reads.page(caller.tenantId(), page, filter), page, ResourceType.REMOTE_ACCESS_ENDPOINT);
    }

    @Override
    @Transactional
    public RemoteAccessEndpointView replace(Caller caller, UUID id, String ifMatch, RemoteAccessEndpointSpec request) {
        RemoteAccessEndpointEntity endpoint = find(caller, id);
        ETags.checkIfMatch(ifMatch, endpoint.getVersion());
        return update(caller, endpoint, request);
    }

    @Override
    @Transactional
    public RemoteAccessEndpointView patch(Caller caller, UUID id, String ifMatch, JsonNode patch) {
        RemoteAccessEndpointEntity endpoint = find(caller, id);
        ETags.checkIfMatch(ifMatch, endpoint.getVersion());
        return update(caller, endpoint, mergePatch.apply(endpoint.toSpec(), patch, RemoteAccessEndpointSpec.class));
    }

    private RemoteAccessEndpointView update(Caller caller, RemoteAccessEndpointEntity endpoint, RemoteAccessEndpointSpec request) {
        List<RadiusSecrets.Entry> stored = storedSecrets(endpoint);
        RemoteAccessEndpointSpec spec = valid(caller, request.withDefaults(), stored);
        boolean secretsChange = !entries(spec).equals(stored);
        if (!secretsChange && withoutSecrets(spec).equals(endpoint.toSpec())) {
            return RemoteAccessEndpointView.of(endpoint);
        }
        RemoteAccessEndpointView before = RemoteAccessEndpointView.of(endpoint);
        UUID previousGateway = endpoint.getGatewayId();
        endpoint.apply(spec, secretsChange ? encryptSecrets(endpoint.getId(), spec) : endpoint.getRadiusSecretsCiphertext());
        endpoints.flush();
        RemoteAccessEndpointView after = RemoteAccessEndpointView.of(endpoint);
        audit.updated(caller, ResourceType.REMOTE_ACCESS_ENDPOINT, endpoint.getId(), before, after,
                secretsChange ? List.of("radiusServers.secret") : List.of());
        // an endpoint moved to another gateway leaves the old one's configuration as well
        revisions.bump(new LinkedHashSet<>(List.of(previousGateway, spec.gatewayId())));
        return after;
    }

    @Override
    @Transactional
    public void delete(Caller caller, UUID id, String ifMatch) {
        RemoteAccessEndpointEntity endpoint = find(caller, id);
        ETags.checkIfMatch(ifMatch, endpoint.getVersion());
        RemoteAccessEndpointView before = RemoteAccessEndpointView.of(endpoint);
        endpoints.delete(endpoint);
        endpoints.flush();
        audit.deleted(caller, ResourceType.REMOTE_ACCESS_ENDPOINT, id, before);
        revisions.bump(Set.of(endpoint.getGatewayId()));
    }

    /** The RADIUS servers of an endpoint with their secrets, for the agents' snapshot. */
    public static List<RadiusServerSpec> radiusServers(SecretCipher cipher, UUID endpointId, byte[] ciphertext) {
        return RadiusSecrets.decode(cipher.decrypt(ciphertext, RadiusSecrets.associatedData(endpointId))).stream()
                .map(e -> new RadiusServerSpec(e.address(), e.port(), e.secret())).toList();
    }

    private RemoteAccessEndpointEntity find(Caller caller, UUID id) {
        return endpoints.findByIdAndTenantId(id, caller.tenantId()).orElseThrow(() -> ApiException.notFound("remote-access endpoint"));
    }

    /**
     * {@code spec} with stored secrets filled in where a server is named without one, checked: the
     * model's rules, then the references and what the gateway can run.
     */
    private RemoteAccessEndpointSpec valid(Caller caller, RemoteAccessEndpointSpec given, List<RadiusSecrets.Entry> stored) {
        RemoteAccessEndpointSpec spec = stored == null || given.radiusServers() == null ? given
                : given.withRadiusServers(given.radiusServers().stream().map(r -> withStoredSecret(r, stored)).toList());
        List<Violation> violations = new ArrayList<>(spec.validateRequest());
        boolean gateway = reference(violations, caller, "gatewayId", ResourceType.GATEWAY, spec.gatewayId());
        reference(violations, caller, "policyId", ResourceType.CRYPTO_POLICY, spec.policyId());
        connectionNames.takenByTunnel(caller.tenantId(), spec.name()).ifPresent(violations::add);
        if (gateway && !spec.eapOnly() && !jdbc.sql("select exists(select 1 from gateway_certificate where gateway_id = ?)")
                .param(spec.gatewayId()).query(Boolean.class).single()) {
            violations.add(new Violation("eapOnly", "the gateway has no IKE certificate, so its clients can only authenticate it by "
                    + "EAP-only: set eapOnly to true or give the gateway a certificate first"));
        }
        if (!violations.isEmpty()) throw ApiException.invalid(violations);
        return spec;
    }

    private static RadiusServerSpec withStoredSecret(RadiusServerSpec r, List<RadiusSecrets.Entry> stored) {
        if (r == null || r.secret() != null) return r;
        return stored.stream().filter(e -> e.address().equals(r.address()) && e.port() == r.port()).findFirst()
                .map(e -> new RadiusServerSpec(r.address(), r.port(), e.secret())).orElse(r);
    }

    /** Whether {@code id} names a resource of the caller's tenant; a violation when it names none. */
    private boolean reference(List<Violation> violations, Caller caller, String field, ResourceType type, UUID id) {
        if (id == null) return false;
        if (!ownership.owns(caller.tenantId(), type, id)) {
            violations.add(new Violation(field, "no such " + type.wireName().replace('_', ' ') + " in this tenant"));
            return false;
        }
        return true;
    }

    private byte[] encryptSecrets(UUID id, RemoteAccessEndpointSpec spec) {
        return cipher.encrypt(RadiusSecrets.encode(entries(spec)), RadiusSecrets.associatedData(id));
    }

    private static List<RadiusSecrets.Entry> entries(RemoteAccessEndpointSpec spec) {
        return spec.radiusServers().stream().map(r -> new RadiusSecrets.Entry(r.address(), r.port(), r.secret())).toList();
    }

    /** The stored secrets; none when they are under a key no longer configured (then every secret must be given again). */
    private List<RadiusSecrets.Entry> storedSecrets(RemoteAccessEndpointEntity endpoint) {
        try {
            return RadiusSecrets.decode(cipher.decrypt(endpoint.getRadiusSecretsCiphertext(), RadiusSecrets.associatedData(endpoint.getId())));
        } catch (UndecryptableSecretException e) {
            return List.of();
        }
    }

    private static RemoteAccessEndpointSpec withoutSecrets(RemoteAccessEndpointSpec spec) {
        return spec.withRadiusServers(spec.radiusServers().stream().map(r -> new RadiusServerSpec(r.address(), r.port(), null)).toList());
    }
}
