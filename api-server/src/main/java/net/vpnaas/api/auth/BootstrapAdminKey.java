package net.vpnaas.api.auth;

import net.vpnaas.api.apikey.ApiKeyService;
import net.vpnaas.api.tenant.TenantService;
import net.vpnaas.api.tenant.TenantView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On start: makes sure the root MSP tenant exists and holds an admin key. Serialized across
 * replicas by a PostgreSQL advisory lock so two replicas starting together create one root.
 */
@Component
class BootstrapAdminKey implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);
    private static final long LOCK_ID = 0x7670_6e61_6173_0001L;

    private final BootstrapProperties properties;
    private final TenantService tenants;
    private final ApiKeyService apiKeys;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    BootstrapAdminKey(BootstrapProperties properties, TenantService tenants, ApiKeyService apiKeys,
                      TransactionTemplate transactions, JdbcClient jdbc) {
        this.properties = properties;
        this.tenants = tenants;
        this.apiKeys = apiKeys;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK_ID).query().singleRow();
            var existingRoot = tenants.findRoot();
            TenantView root = existingRoot.orElseGet(tenants::createRoot);
            String configured = properties.adminKey();
            if (configured != null && !configured.isBlank()) {
                ApiKeyToken token = ApiKeyToken.parse(configured.strip());
                if (token == null) {
                    throw new IllegalStateException("vpnaas.bootstrap.admin-key must look like vpk_<32 hex>_<43 base64url>");
                }
                if (!apiKeys.exists(token.keyId())) {
                    apiKeys.insertBootstrapKey(root.id(), token);
                    log.info("bootstrap admin key {} installed for root tenant {}", token.keyId(), root.id());
                }
            } else if (existingRoot.isEmpty()) {
                ApiKeyToken token = ApiKeyToken.generate(net.vpnaas.api.support.Ids.newId());
                apiKeys.insertBootstrapKey(root.id(), token);
                // printed once, on the first start of an empty database; only its hash is stored
                log.warn("generated bootstrap admin API key for root tenant {} (shown only now): {}", root.id(), token.text());
            }
        });
    }
}
