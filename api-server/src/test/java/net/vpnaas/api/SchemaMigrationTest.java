package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.EntityManagerFactory;
import net.vpnaas.api.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Flyway migrated an empty embedded PostgreSQL (the context of every test starts on a fresh one)
 * and Hibernate validated every entity against it (ddl-auto=validate fails the context otherwise).
 */
class SchemaMigrationTest extends ApiTestBase {
    @Value("${spring.jpa.hibernate.ddl-auto}")
    String ddlAuto;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Test
    void migratesEmptyDatabaseOnRealPostgresAndJpaValidates() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL 18");
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class)).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where not success", Integer.class)).isZero();
        for (String table : TABLES) {
            assertThat(jdbc.queryForObject(
                    "select count(*) from information_schema.tables where table_schema = 'public' and table_name = ?",
                    Integer.class, table)).as(table).isEqualTo(1);
        }
        assertThat(ddlAuto).isEqualTo("validate");
    }

    @Test
    void hibernateValidatesTheMigratedSchemaAndWouldNoticeADrift() throws Exception {
        var schema = entityManagerFactory.getSchemaManager();
        schema.validate();
        jdbc.execute("alter table tunnel rename column remote_traffic_selectors to remote_selectors");
        try {
            assertThatThrownBy(schema::validate).hasMessageContaining("remote_traffic_selectors");
        } finally {
            jdbc.execute("alter table tunnel rename column remote_selectors to remote_traffic_selectors");
        }
        schema.validate();
    }

    @Test
    void gatewayCarriesAConfigRevision() {
        assertThat(jdbc.queryForObject("""
                select data_type from information_schema.columns where table_name = 'gateway' and column_name = 'config_revision'""",
                String.class)).isEqualTo("bigint");
    }
}
