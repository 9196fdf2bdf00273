package net.vpnaas.api.db;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The Hikari pool behind a fair semaphore with one permit per connection: callers get
 * connections strictly in arrival order, and wait parked instead of inside Hikari.
 *
 * <p>Why: with request handlers on virtual threads, many more callers than connections reach the
 * pool. Hikari 7.0's hand-off then degrades twice. A caller that returns a connection while others
 * wait spins in {@code ConcurrentBag.requite} on {@code Thread.yield()} until a waiter takes it
 * (HikariCP issue 2398); on a virtual thread each yield re-queues it on one of the two carrier
 * threads, ahead of the threads that hold connections and need a carrier to finish and return
 * them. A thread dump at 50 clients showed 30 of 44 request threads there. And a newcomer can take
 * a freed connection before a waiter does, so some requests wait many times longer than others.
 * Behind the semaphore at most pool-size callers ever reach Hikari, so it never has waiters: no
 * spin, no barging, and the wait is a plain FIFO park.
 */
final class FairCheckoutDataSource extends DelegatingDataSource implements AutoCloseable {
    private final HikariDataSource pool;
    private final Semaphore permits;
    private final long timeoutMillis;

    FairCheckoutDataSource(HikariDataSource pool) {
        super(pool);
        this.pool = pool;
        this.permits = new Semaphore(pool.getMaximumPoolSize(), true);
        this.timeoutMillis = pool.getConnectionTimeout();
    }

    @Override
    public Connection getConnection() throws SQLException {
        acquire();
        try {
            return releasingOnClose(super.getConnection());
        } catch (SQLException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        acquire();
        try {
            return releasingOnClose(super.getConnection(username, password));
        } catch (SQLException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Callers parked waiting for a connection (for tests and diagnostics). */
    int waiting() {
        return permits.getQueueLength();
    }

    /** The bean's destroy method: Spring calls it on this wrapper, not on the pool inside. */
    @Override
    public void close() {
        pool.close();
    }

    private void acquire() throws SQLException {
        try {
            if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("no database connection became free within " + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection", e);
        }
    }

    /** The pool's connection, returning our permit after the pool has its connection back (once, however often close is called). */
    private Connection releasingOnClose(Connection pooled) {
        AtomicBoolean released = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "equals" -> { return proxy == args[0]; }
                        case "hashCode" -> { return System.identityHashCode(proxy); }
                        default -> { }
                    }
                    try {
                        return method.invoke(pooled, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (method.getName().equals("close") && released.compareAndSet(false, true)) {
                            permits.release();
                        }
                    }
                });
    }
}
