package net.vpnaas.agent.managed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.vpnaas.model.agent.v1.RemoteAccessSession;
import net.vpnaas.model.agent.v1.TelemetryBatch;

/**
 * Sends every remote-access session of this agent at a fixed interval, the whole list each time
 * (the control plane replaces what this agent reported before), so a lost batch or a new stream
 * needs nothing resent. An agent without endpoints sends nothing after its first empty list.
 */
public final class RemoteAccessSessionReporter implements AutoCloseable {
    private final Supplier<List<RemoteAccessSession>> sessions;
    private final Predicate<TelemetryBatch> send;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("ra-sessions").factory());
    private boolean lastWasEmptyAndSent; // on the timer thread only

    /** @param send sends a batch; false when no stream is up */
    public RemoteAccessSessionReporter(Supplier<List<RemoteAccessSession>> sessions, Predicate<TelemetryBatch> send, Duration every) {
        this.sessions = sessions;
        this.send = send;
        timer.scheduleWithFixedDelay(this::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        List<RemoteAccessSession> now = sessions.get();
        if (now.isEmpty() && lastWasEmptyAndSent) return;
        boolean sent = send.test(TelemetryBatch.newBuilder().addAllSessions(now).setSessionsReported(true).build());
        lastWasEmptyAndSent = sent && now.isEmpty();
    }

    /** A new stream (perhaps to another replica) hears the list at the next tick, even an empty one. */
    public void resend() {
        timer.execute(() -> lastWasEmptyAndSent = false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
