package net.vpnaas.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A two-connection Hikari pool on a real embedded PostgreSQL, behind the fair gate. */
class FairCheckoutDataSourceTest {
    static EmbeddedPostgres pg;
    HikariDataSource pool;
    FairCheckoutDataSource gate;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void openPool() {
        pool = new HikariDataSource();
        pool.setDataSource(pg.getPostgresDatabase());
        pool.setMaximumPoolSize(2);
        pool.setConnectionTimeout(400);
        gate = new FairCheckoutDataSource(pool);
    }

    @AfterEach
    void closePool() {
        gate.close();
        assertThat(pool.isClosed()).as("closing the wrapper closes the pool").isTrue();
    }

    @Test
    void connectionsWorkAndEachCloseReturnsExactlyOnePermit() throws Exception {
        Connection a = gate.getConnection();
        Connection b = gate.getConnection();
        try (var rs = a.createStatement().executeQuery("select 41 + 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        assertThatThrownBy(gate::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("400 ms");

        a.close();
        a.close(); // a second close must not hand out a third permit
        Connection c = gate.getConnection();
        assertThatThrownBy(gate::getConnection).isInstanceOf(SQLTransientConnectionException.class);
        b.close();
        c.close();
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        pool.setConnectionTimeout(10_000);
        gate = new FairCheckoutDataSource(pool);
        Connection a = gate.getConnection();
        Connection b = gate.getConnection();
        List<Integer> served = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 1; i <= 3; i++) {
            int n = i;
            Thread.ofVirtual().start(() -> {
                try (Connection c = gate.getConnection()) {
                    served.add(n);
                } catch (Exception e) {
                    served.add(-n);
                } finally {
                    done.countDown();
                }
            });
            // the next waiter arrives only once this one is queued
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gate.waiting() < n && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(gate.waiting()).isEqualTo(n);
        }
        a.close(); // one connection passed on from waiter to waiter: each is served only after the one before
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(served).containsExactly(1, 2, 3);
        b.close();
    }
}
