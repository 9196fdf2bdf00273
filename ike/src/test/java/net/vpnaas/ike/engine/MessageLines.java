package net.vpnaas.ike.engine;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The {@link MessageLog} lines both engines of a test log while it is open: the only view a test has
 * of what is inside an SK payload, e.g. {@code CREATE_CHILD_SA response #2 --> /192.0.2.2:500 [N(TEMPORARY_FAILURE)] ...}.
 */
final class MessageLines implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    MessageLines() {
        this(IkeSession.class.getName());
    }

    /** The lines of logger {@code name} and the loggers below it, e.g. "net.vpnaas.ike.task" for the tasks' reasons. */
    MessageLines(String name) {
        logger = Logger.getLogger(name);
        logger.addHandler(handler);
    }

    List<String> all() {
        return List.copyOf(lines);
    }

    /** Lines of messages sent to {@code peer} that start with {@code prefix}, e.g. "CREATE_CHILD_SA response". */
    List<String> sentTo(InetAddress peer, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix) && l.contains("--> /" + peer.getHostAddress() + ":")).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
