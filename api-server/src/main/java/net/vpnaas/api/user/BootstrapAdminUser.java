package net.vpnaas.api.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import net.vpnaas.api.support.Ids;
import net.vpnaas.api.support.OwnerOnlyFile;
import net.vpnaas.api.tenant.TenantService;
import net.vpnaas.api.tenant.TenantView;
import net.vpnaas.model.Role;
import net.vpnaas.model.UserSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On start: the root tenant's first admin user (see {@link AdminUserProperties}). The password file
 * is the marker: once it exists nothing is done, so a password the person changed is never reset,
 * and a deleted file does not bring a deleted user back unless its email is free. Serialized across
 * replicas by the same advisory lock as the bootstrap API key. The password is never logged.
 */
@Component
class BootstrapAdminUser implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminUser.class);
    private static final long LOCK_ID = 0x7670_6e61_6173_0001L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminUserProperties properties;
    private final TenantService tenants;
    private final Users users;
    private final PasswordHasher hasher;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    BootstrapAdminUser(AdminUserProperties properties, TenantService tenants, Users users, PasswordHasher hasher,
                       TransactionTemplate transactions, JdbcClient jdbc) {
        this.properties = properties;
        this.tenants = tenants;
        this.users = users;
        this.hasher = hasher;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (properties.passwordFile() == null || properties.passwordFile().isBlank()) {
            return;
        }
        Path file = Path.of(properties.passwordFile());
        if (Files.exists(file)) {
            return;
        }
        String email = UserSpec.normalizeEmail(properties.email());
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random); // 144 bits, 24 characters
        String hash = hasher.hash(password);
        boolean created = Boolean.TRUE.equals(transactions.execute(tx -> {
            jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK_ID).query().singleRow();
            TenantView root = tenants.findRoot().orElseGet(tenants::createRoot);
            return users.insertActive(Ids.newId(), root.id(), email, Role.ADMIN.wireName(), hash);
        }));
        if (!created) {
            log.warn("bootstrap admin user {} not created: a user with that email exists; {} not written", email, file);
            return;
        }
        OwnerOnlyFile.write(file, password + "\n");
        log.info("bootstrap admin user {} created; its password is in {}", email, file);
    }
}
