package net.vpnaas.api.agent;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for {@link GatewayChangeNotifier} notifications on a dedicated connection (outside the
 * pool: LISTEN binds to a session) and hands each gateway id to this replica's agent streams.
 * After a lost connection it reconnects and then reports every connected gateway as changed,
 * since notifications sent meanwhile are gone; pushing is idempotent, so that costs nothing
 * but a snapshot read per stream.
 */
public final class GatewayChangeListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayChangeListener.class);

    private final DataSource dataSource;
    private final Consumer<UUID> onChange;
    private final Runnable onResync;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    /**
     * @param onChange called with each changed gateway id
     * @param onResync called after (re)connecting, when notifications may have been missed
     */
    public GatewayChangeListener(DataSource dataSource, Consumer<UUID> onChange, Runnable onResync) {
        this.dataSource = dataSource;
        this.onChange = onChange;
        this.onResync = onResync;
        this.thread = Thread.ofPlatform().daemon().name("gateway-change-listener").unstarted(this::run);
    }

    /** Returns once LISTEN is in effect, so no change committed after this call is missed. */
    public void start() throws SQLException {
        connection = listen();
        thread.start();
    }

    private Connection listen() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + GatewayChangeNotifier.CHANNEL);
        }
        return c;
    }

    private void run() {
        while (!closed) {
            try {
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(1000);
                if (notifications == null) continue;
                for (PGNotification n : notifications) dispatch(n.getParameter());
            } catch (SQLException e) {
                if (closed) return;
                log.warn("lost the LISTEN connection ({}); reconnecting", e.getMessage());
                reconnect();
            }
        }
    }

    private void dispatch(String payload) {
        UUID id;
        try {
            id = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring notification with payload '{}'", payload);
            return;
        }
        try {
            onChange.accept(id);
        } catch (RuntimeException e) {
            log.error("pushing gateway {} failed", id, e);
        }
    }

    private void reconnect() {
        closeQuietly(connection);
        while (!closed) {
            try {
                connection = listen();
                onResync.run();
                return;
            } catch (SQLException | RuntimeException e) {
                log.warn("LISTEN reconnect failed: {}", e.getMessage());
                try {
                    Thread.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c != null) c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        closeQuietly(connection);
    }
}
