package net.vpnaas.api.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.PortalUsers;
import net.vpnaas.api.tenant.TenantService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The first person of a fresh installation: an admin of the root tenant with a generated password in a 0600 file. */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapAdminUserTest extends ApiTestBase {
    @Autowired
    TenantService tenants;
    @Autowired
    Users users;
    @Autowired
    PasswordHasher hasher;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbcClient;

    @TempDir
    Path dir;

    @Test
    void aMissingPasswordFileGetsTheAdminUsersGeneratedPasswordWhichSignsInAndIsNeverLogged(CapturedOutput output)
            throws Exception {
        Path file = dir.resolve("admin.password");
        String email = unique("root-admin") + "@localhost";
        bootstrap(email, file).run(null);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String password = Files.readString(file).strip();
        var session = new PortalUsers(port).signIn(email, password);
        assertThat(session.signIn().json().at("/user/role").asText()).isEqualTo("admin");
        assertThat(session.signIn().json().at("/user/tenantId").asText()).isEqualTo(tenants.findRoot().orElseThrow().id().toString());
        assertThat(session.client().get("/v1/tenants").status()).isEqualTo(200);

        bootstrap(email, file).run(null); // a restart leaves the user and the file alone
        assertThat(Files.readString(file).strip()).isEqualTo(password);
        assertThat(output.getAll()).contains(email, file.toString()).doesNotContain(password);
    }

    @Test
    void anEmailAlreadyTakenIsNotOverwrittenAndNoFileIsWritten() throws Exception {
        String email = unique("taken") + "@example.com";
        new PortalUsers(port).createUser(newTenant("customer").admin(), email, "viewer");
        Path file = dir.resolve("admin.password");
        bootstrap(email, file).run(null);
        assertThat(file).doesNotExist();
        assertThat(new PortalUsers(port).signIn(email, PortalUsers.PASSWORD).signIn().json().at("/user/role").asText())
                .isEqualTo("viewer");
    }

    private BootstrapAdminUser bootstrap(String email, Path file) {
        return new BootstrapAdminUser(new AdminUserProperties(email, file.toString()), tenants, users, hasher, transactions,
                jdbcClient);
    }
}
