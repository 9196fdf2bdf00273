package net.vpnaas.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL of the run command keeps what it acknowledged; a throwaway one need not. */
class EmbeddedPostgresConfigurationTest {
    private final EmbeddedPostgresConfiguration configuration = new EmbeddedPostgresConfiguration();

    @Test
    void aDataDirectoryGetsCommitsFlushedBeforeTheyAreAcknowledged(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = configuration.embeddedPostgres(new EmbeddedPostgresProperties(dir.toString(), 0))) {
            assertThat(setting(pg, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(pg, "data_directory")).isEqualTo(dir.toRealPath().toString());
        }
    }

    @Test
    void aTemporaryDatabaseKeepsTheLibrarysFasterSetting() throws Exception {
        try (EmbeddedPostgres pg = configuration.embeddedPostgres(new EmbeddedPostgresProperties("", 0))) {
            assertThat(setting(pg, "synchronous_commit")).isEqualTo("off");
        }
    }

    private static String setting(EmbeddedPostgres pg, String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
