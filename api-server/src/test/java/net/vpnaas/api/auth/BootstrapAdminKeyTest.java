package net.vpnaas.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.vpnaas.api.apikey.ApiKeyService;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.tenant.TenantService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The root admin key from a file: generated into it when missing, read from it after; never logged. */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapAdminKeyTest extends ApiTestBase {
    @Autowired
    TenantService tenants;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbcClient;

    @TempDir
    Path dir;

    @Test
    void aMissingKeyFileGetsAGeneratedKeyThatWorksAndIsNeverLogged(CapturedOutput output) throws Exception {
        Path file = dir.resolve("admin.key");
        bootstrap(null, file.toString()).run(null);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String key = Files.readString(file).strip();
        assertThat(as(key).get("/v1/gateways").status()).isEqualTo(200);

        bootstrap(null, file.toString()).run(null); // a restart reads the key it wrote
        assertThat(Files.readString(file).strip()).isEqualTo(key);
        assertThat(as(key).get("/v1/gateways").status()).isEqualTo(200);
        assertThat(output.getAll()).contains(ApiKeyToken.parse(key).keyId().toString()).doesNotContain(key)
                .doesNotContain(ApiKeyToken.parse(key).secret());
    }

    @Test
    void aKeyFileWithoutAKeyStopsTheStartNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("admin.key"), "not a key\n");
        assertThatThrownBy(() -> bootstrap(null, file.toString()).run(null)).hasMessageContaining(file.toString());
    }

    @Test
    void aKeyAndAKeyFileTogetherAreRefused() {
        assertThatThrownBy(() -> bootstrap(BOOTSTRAP_KEY, dir.resolve("admin.key").toString()).run(null))
                .hasMessageContaining("not both");
    }

    private BootstrapAdminKey bootstrap(String key, String file) {
        return new BootstrapAdminKey(new BootstrapProperties(key, file), tenants, apiKeys, transactions, jdbcClient);
    }
}
