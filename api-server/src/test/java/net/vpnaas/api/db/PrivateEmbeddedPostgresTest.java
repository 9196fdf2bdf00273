package net.vpnaas.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.vpnaas.ike.interop.Exec;
import net.vpnaas.ike.interop.ExecResult;
import net.vpnaas.ike.interop.Prereqs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run command's embedded PostgreSQL (with a data directory) lets no other local account in: as
 * {@code nobody}, psql is refused over the socket and over TCP, where the library's defaults gave
 * superuser to anyone. Needs root (to act as {@code nobody}) and psql (postgresql-client).
 */
class PrivateEmbeddedPostgresTest {
    private static final List<String> AS_NOBODY = List.of("runuser", "-u", "nobody", "--");
    private static final List<String> AS_US = List.of();

    private final EmbeddedPostgresConfiguration configuration = new EmbeddedPostgresConfiguration();

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireRootWith("psql (apt-get install postgresql-client)", "runuser (apt-get install util-linux)");
    }

    @Test
    void anotherLocalAccountIsRefusedOverTheSocketAndOverTcp(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = configuration.embeddedPostgres(new EmbeddedPostgresProperties(dir.toString(), 0))) {
            Server server = Server.of(dir);
            String password = PrivateEmbeddedPostgres.readPassword(dir).orElseThrow();

            // With the password, the service's account gets in both ways: the refusals below are not a wrong address.
            assertThat(psql(AS_US, "127.0.0.1", server.port(), password).stdout()).contains("in");
            assertThat(psql(AS_US, server.socketDirectory(), server.port(), password).stdout()).contains("in");

            refused(psql(AS_NOBODY, "127.0.0.1", server.port(), null), "no password supplied");
            refused(psql(AS_NOBODY, server.socketDirectory(), server.port(), null), "Permission denied");
            // Not even the service's own account gets in without the password: nothing is trusted.
            refused(psql(AS_US, server.socketDirectory(), server.port(), null), "no password supplied");

            assertThat(setting(pg, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(setting(pg, "password_encryption")).isEqualTo("scram-sha-256");
            assertThat(Files.getPosixFilePermissions(Path.of(server.socketDirectory())))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(dir.resolve(PrivateEmbeddedPostgres.PASSWORD_FILE)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aDataDirectoryOfAnOlderVersionIsLockedDownOnStartAndKeepsItsData(@TempDir Path dir) throws Exception {
        // As earlier versions made it: the library's defaults, trust for everyone.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
             Connection c = old.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("create table kept (v int); insert into kept values (42)");
        }
        assertThat(Files.readString(dir.resolve("pg_hba.conf"))).contains("trust");

        for (int start = 1; start <= 2; start++) { // the upgrade, then an ordinary restart with the saved password
            try (EmbeddedPostgres pg = configuration.embeddedPostgres(new EmbeddedPostgresProperties(dir.toString(), 0));
                 Connection c = pg.getPostgresDatabase().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
                assertThat(Files.readString(dir.resolve("pg_hba.conf"))).isEqualTo(PrivateEmbeddedPostgres.HBA);
                refused(psql(AS_NOBODY, "127.0.0.1", Server.of(dir).port(), null), "no password supplied");
            }
        }
    }

    /** What the running server wrote into postmaster.pid: its port (line 4) and first socket directory (line 5). */
    private record Server(int port, String socketDirectory) {
        static Server of(Path dataDir) throws Exception {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return new Server(Integer.parseInt(lines.get(3).strip()), lines.get(4).strip());
        }
    }

    private static ExecResult psql(List<String> as, String host, int port, String password) {
        List<String> command = new ArrayList<>(as);
        command.addAll(List.of("psql", "-X", "-w", "-h", host, "-p", Integer.toString(port), "-U", "postgres", "-d", "postgres",
                "-tAc", "select 'in'"));
        return Exec.run(password == null ? Map.of() : Map.of("PGPASSWORD", password), Duration.ofSeconds(20), command);
    }

    private static void refused(ExecResult psql, String why) {
        assertThat(psql.ok()).as("psql got in: %s", psql).isFalse();
        assertThat(psql.stdout()).doesNotContain("in");
        assertThat(psql.stderr()).contains(why);
    }

    private static String setting(EmbeddedPostgres pg, String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
