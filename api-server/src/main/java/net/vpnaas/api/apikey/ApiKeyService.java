package net.vpnaas.api.apikey;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.ApiKeyToken;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.support.Ids;
import net.vpnaas.api.support.NewRow;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.support.ViewReads;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.ListFilter;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.model.ApiKeySpec;
import net.vpnaas.model.Role;
import net.vpnaas.model.validation.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
public class ApiKeyService {
    private final ApiKeyRepository keys;
    private final ViewReads<ApiKeyView> reads;
    private final AuditLog audit;
    private final VerifiedKeyCache verified = new VerifiedKeyCache(System::nanoTime);

    ApiKeyService(ApiKeyRepository keys, JdbcClient jdbc, AuditLog audit) {
        this.keys = keys;
        this.reads = new ViewReads<>(jdbc, "api_key", ApiKeyView.COLUMNS, ApiKeyView::fromRow);
        this.audit = audit;
    }

    /**
     * An active key matching the token, or empty; the same answer for unknown, wrong and revoked.
     * Not transactional on purpose: a key verified in the last few seconds is answered from
     * {@link VerifiedKeyCache} without touching the connection pool; a miss reads the key in the
     * repository's own read-only transaction.
     */
    public Optional<ActiveKey> authenticate(ApiKeyToken token) {
        byte[] secretHash = token.secretHash();
        Optional<ActiveKey> cached = verified.get(token.keyId(), secretHash);
        if (cached.isPresent()) {
            return cached;
        }
        long generation = verified.generation();
        Optional<ActiveKey> key = keys.findById(token.keyId())
                .filter(k -> k.getRevokedAt() == null && MessageDigest.isEqual(secretHash, k.getSecretHash()))
                .map(k -> new ActiveKey(k.getId(), k.getTenantId(), Role.fromWireName(k.getRole()).orElseThrow()));
        key.ifPresent(k -> verified.put(secretHash, k, generation));
        return key;
    }

    /** Called when a tenant is deleted: its keys went with it (ON DELETE CASCADE). */
    public void forgetKeysOfTenant(UUID tenantId) {
        afterCommit(() -> verified.forgetTenant(tenantId));
    }

    public record ActiveKey(UUID id, UUID tenantId, Role role) {}

    public ApiKeyView create(Caller caller, ApiKeySpec request) {
        ApiKeySpec spec = request.withDefaults();
        List<Violation> violations = spec.validate();
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        ApiKeyEntity key = new ApiKeyEntity(Ids.newId(), caller.tenantId(), spec);
        ApiKeyToken token = ApiKeyToken.generate(key.getId());
        key.setSecretHash(token.secretHash());
        NewRow row = key.newRow();
        ApiKeyView view = ApiKeyView.withSecret(key, token.text());
        audit.insertCreated(caller, ResourceType.API_KEY, row, view.withoutSecret());
        return view;
    }

    /** Creates a key with a given token at startup (the bootstrap admin key); no caller, no audit. */
    @Transactional
    public void insertBootstrapKey(UUID tenantId, ApiKeyToken token) {
        ApiKeyEntity key = new ApiKeyEntity(token.keyId(), tenantId,
                new ApiKeySpec("bootstrap-admin", java.util.Map.of(), Role.ADMIN.wireName()));
        key.setSecretHash(token.secretHash());
        keys.saveAndFlush(key);
    }

    @Transactional(readOnly = true)
    public boolean exists(UUID keyId) {
        return keys.existsById(keyId);
    }

    public ApiKeyView get(Caller caller, UUID id) {
        return reads.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("API key"));
    }

    public Page<ApiKeyView> list(Caller caller, PageRequest page, ListFilter filter) {
        return Page.of(reads.page(caller.tenantId(), page, filter), page, ResourceType.API_KEY);
    }

    @Transactional
    public void revoke(Caller caller, UUID id, String ifMatch) {
        ApiKeyEntity key = find(caller, id);
        ETags.checkIfMatch(ifMatch, key.getVersion());
        if (key.getRevokedAt() != null) {
            return;
        }
        key.revoke();
        keys.flush();
        afterCommit(() -> verified.forget(id));
        audit.record(caller, ResourceType.API_KEY, id, "revoke", java.util.Map.of("revokedAt", key.getRevokedAt().toString()));
    }

    /** Runs when the surrounding transaction has committed: earlier, a lookup could still see the old row. */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private ApiKeyEntity find(Caller caller, UUID id) {
        return keys.findByIdAndTenantId(id, caller.tenantId()).orElseThrow(() -> ApiException.notFound("API key"));
    }
}
