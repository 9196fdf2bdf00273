package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** Flyway migrates an empty embedded PostgreSQL and Hibernate validates the entities against it. */
@SpringBootTest
class SchemaMigrationTest {
    @Autowired DataSource dataSource;

    @Test
    void migratesEmptyDatabaseOnRealPostgres() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject(
                "select count(*) from flyway_schema_history where success", Integer.class)).isPositive();
        assertThat(jdbc.queryForObject(
                "select count(*) from information_schema.tables where table_name = 'tenant'", Integer.class)).isEqualTo(1);
    }
}
