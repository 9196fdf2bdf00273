package net.vpnaas.agent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM, SIGINT and SIGHUP, handled so that the agent stops on its own thread <em>before</em> the
 * JVM begins its shutdown. The agent used to stop in a shutdown hook, and nothing it logged then
 * reached the log: the JDK's java.util.logging cleaner is a shutdown hook too, runs at the same time
 * as the others and closes every handler, so the tunnels deleted, the Deletes sent and "stopped" were
 * lost. With the signal handled here, {@code main} stops the agent, logs, and only then exits (and the
 * hooks run). {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to take a signal
 * without starting the shutdown; javac warns that it is internal API. A second signal while stopping
 * exits at once.
 */
final class TerminationSignal {
    private static final Logger log = LoggerFactory.getLogger(TerminationSignal.class);

    private final CountDownLatch received = new CountDownLatch(1);
    private final AtomicReference<String> name = new AtomicReference<>();

    private TerminationSignal() {}

    /** Takes over the three signals from now on. */
    static TerminationSignal install() {
        TerminationSignal t = new TerminationSignal();
        for (String s : new String[] {"TERM", "INT", "HUP"}) Signal.handle(new Signal(s), t::received);
        return t;
    }

    private void received(Signal s) {
        if (name.compareAndSet(null, "SIG" + s.getName())) {
            received.countDown();
        } else {
            log.warn("SIG{} while stopping: exiting now", s.getName());
            System.exit(1);
        }
    }

    /** Blocks until one of the signals arrives; returns its name, e.g. {@code SIGTERM}. */
    String await() {
        try {
            received.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupt";
        }
        return name.get();
    }
}
