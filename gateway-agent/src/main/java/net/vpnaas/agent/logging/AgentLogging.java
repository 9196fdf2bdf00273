package net.vpnaas.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The agent's log is logback's (agent-logback.xml). The IKE engine and the data path log through
 * java.util.logging, which on its own prints two-line records of its own format to stderr, past that
 * configuration: {@link #routeJavaUtilLogging} sends them into logback, so every IKE message is one
 * line of the agent's log.
 */
public final class AgentLogging {

    /** The levels {@link #setLevel} takes, most verbose first. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private AgentLogging() {}

    /** Call first in a main, before anything logs. */
    public static void routeJavaUtilLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** The root logger's level, when logback is the logging backend. */
    public static Optional<String> level() {
        return root().map(r -> r.getLevel().toString());
    }

    /**
     * Sets the root logger's level; agent-logback.xml's propagator passes it on to java.util.logging.
     *
     * @return false when logback is not the backend (nothing changed)
     * @throws IllegalArgumentException for a name not in {@link #LEVELS}
     */
    public static boolean setLevel(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) throw new IllegalArgumentException("unknown log level '" + name + "'; one of " + LEVELS);
        Optional<Logger> root = root();
        root.ifPresent(r -> r.setLevel(Level.toLevel(upper)));
        return root.isPresent();
    }

    private static Optional<Logger> root() {
        return LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger l ? Optional.of(l) : Optional.empty();
    }
}
