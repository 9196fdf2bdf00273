package net.vpnaas.api.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.vpnaas.api.apikey.ApiKeyService;
import net.vpnaas.api.support.Ids;
import net.vpnaas.api.support.OwnerOnlyFile;
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
 * On start: makes sure the root MSP tenant exists and holds the configured admin key. Serialized
 * across replicas by a PostgreSQL advisory lock so two replicas starting together create one root.
 * A key is never logged: a generated one goes into the key file, written only once the key is
 * installed, so whoever reads the file can use it.
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
    public void run(ApplicationArguments args) throws IOException {
        String configured = blankToNull(properties.adminKey());
        String fileName = blankToNull(properties.adminKeyFile());
        if (configured != null && fileName != null) {
            throw new IllegalStateException("set vpnaas.bootstrap.admin-key or vpnaas.bootstrap.admin-key-file, not both");
        }
        Path file = fileName == null ? null : Path.of(fileName);
        boolean generate = file != null && !Files.exists(file);
        ApiKeyToken token = generate ? ApiKeyToken.generate(Ids.newId())
                : file != null ? parse(Files.readString(file), "the key in " + file)
                : configured != null ? parse(configured, "vpnaas.bootstrap.admin-key")
                : null;
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK_ID).query().singleRow();
            var existingRoot = tenants.findRoot();
            TenantView root = existingRoot.orElseGet(tenants::createRoot);
            if (token != null && !apiKeys.exists(token.keyId())) {
                apiKeys.insertBootstrapKey(root.id(), token);
                log.info("bootstrap admin key {} installed for root tenant {}", token.keyId(), root.id());
            } else if (token == null && existingRoot.isEmpty()) {
                log.warn("root tenant {} created without an admin key: set vpnaas.bootstrap.admin-key-file (a file that"
                        + " does not exist yet gets a generated key) and restart", root.id());
            }
        });
        if (generate) {
            try {
                OwnerOnlyFile.write(file, token.text() + "\n");
            } catch (IOException e) {
                throw new IOException("bootstrap admin key " + token.keyId() + " installed but not written to " + file, e);
            }
            log.info("bootstrap admin key {} generated into {}", token.keyId(), file);
        }
    }

    private static ApiKeyToken parse(String text, String what) {
        ApiKeyToken token = ApiKeyToken.parse(text.strip());
        if (token == null) throw new IllegalStateException(what + " must look like vpk_<32 hex>_<43 base64url>");
        return token;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
