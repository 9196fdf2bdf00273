package net.vpnaas.api.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Two "replicas" listening on one real PostgreSQL: both hear committed changes, neither hears a rollback. */
class GatewayChangeListenerTest {
    static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void committedChangesReachEveryReplicaAndRollbacksReachNone() throws Exception {
        DataSource ds = pg.getPostgresDatabase();
        BlockingQueue<UUID> replicaA = new LinkedBlockingQueue<>();
        BlockingQueue<UUID> replicaB = new LinkedBlockingQueue<>();
        var tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        var notifier = new GatewayChangeNotifier(new JdbcTemplate(ds));
        try (var a = new GatewayChangeListener(ds, replicaA::add, () -> {});
             var b = new GatewayChangeListener(ds, replicaB::add, () -> {})) {
            a.start();
            b.start();
            UUID committed = UUID.randomUUID();
            UUID rolledBack = UUID.randomUUID();

            tx.executeWithoutResult(status -> {
                notifier.gatewayChanged(rolledBack);
                status.setRollbackOnly();
            });
            tx.executeWithoutResult(status -> notifier.gatewayChanged(committed));

            assertThat(replicaA.poll(5, TimeUnit.SECONDS)).isEqualTo(committed);
            assertThat(replicaB.poll(5, TimeUnit.SECONDS)).isEqualTo(committed);
            assertThat(replicaA.poll(300, TimeUnit.MILLISECONDS)).isNull();
            assertThat(replicaB).isEmpty();
        }
    }

    @Test
    void garbagePayloadIsIgnoredAndListeningGoesOn() throws Exception {
        DataSource ds = pg.getPostgresDatabase();
        BlockingQueue<UUID> heard = new LinkedBlockingQueue<>();
        try (var listener = new GatewayChangeListener(ds, heard::add, () -> {})) {
            listener.start();
            var jdbc = new JdbcTemplate(ds);
            jdbc.queryForList("select pg_notify(?, ?)", GatewayChangeNotifier.CHANNEL, "not-a-uuid");
            UUID id = UUID.randomUUID();
            new GatewayChangeNotifier(jdbc).gatewayChanged(id);
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(id);
        }
    }

    @Test
    void afterLosingItsConnectionTheListenerReconnectsAndResyncs() throws Exception {
        DataSource ds = pg.getPostgresDatabase();
        BlockingQueue<UUID> heard = new LinkedBlockingQueue<>();
        AtomicInteger resyncs = new AtomicInteger();
        try (var listener = new GatewayChangeListener(ds, heard::add, resyncs::incrementAndGet)) {
            listener.start();
            try (Connection admin = ds.getConnection(); Statement s = admin.createStatement()) {
                s.execute("select pg_terminate_backend(pid) from pg_stat_activity where query like 'LISTEN%'");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (resyncs.get() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(resyncs.get()).as("resynced after reconnecting").isEqualTo(1);
            UUID id = UUID.randomUUID();
            new GatewayChangeNotifier(new JdbcTemplate(ds)).gatewayChanged(id);
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(id);
        }
    }
}
