package net.vpnaas.agent.control;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import net.vpnaas.model.agent.v1.Ack;
import net.vpnaas.model.agent.v1.AgentMessage;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.Hello;
import net.vpnaas.model.agent.v1.Nack;
import net.vpnaas.model.agent.v1.ServerMessage;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the agent's one stream to the control plane. Each stream starts with a Hello carrying the
 * version the gateway runs, so the server pushes only when something changed. When the stream
 * breaks, the tunnels keep running on the last configuration and the client reconnects with
 * backoff; nothing here ever tears a tunnel down.
 */
public final class ControlPlaneClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneClient.class);

    private final ManagedChannel channel;
    private final String agentName;
    private final SnapshotApplier applier;
    private final Backoff backoff;
    private final AtomicReference<StreamObserver<AgentMessage>> current = new AtomicReference<>();
    private final Thread loop;
    private volatile boolean closed;
    private volatile Runnable onStreamStarted = () -> {};

    public ControlPlaneClient(ManagedChannel channel, String agentName, SnapshotApplier applier, Backoff backoff) {
        this.channel = channel;
        this.agentName = agentName;
        this.applier = applier;
        this.backoff = backoff;
        this.loop = Thread.ofVirtual().name("control-plane-" + agentName).unstarted(this::run);
    }

    /** Runs after each stream's Hello, e.g. to resend state the server may have missed; set before {@link #start}. */
    public void onStreamStarted(Runnable action) {
        this.onStreamStarted = action;
    }

    public void start() {
        loop.start();
    }

    /** Sends telemetry if a stream is up; dropped otherwise (counters are cumulative, the next batch catches up). */
    public boolean sendTelemetry(TelemetryBatch batch) {
        StreamObserver<AgentMessage> out = current.get();
        if (out == null) return false;
        try {
            send(out, AgentMessage.newBuilder().setTelemetry(batch).build());
            return true;
        } catch (RuntimeException e) {
            return false; // the stream ended under us; the reconnect resends state
        }
    }

    public boolean connected() {
        return current.get() != null;
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            long started = System.nanoTime();
            String why = runOneStream();
            if (closed) return;
            // A stream that lived a while was a success: start the backoff over.
            if (System.nanoTime() - started > Duration.ofSeconds(30).toNanos()) failures = 0;
            Duration delay = backoff.delay(failures++, ThreadLocalRandom.current());
            log.warn("control plane stream ended ({}); reconnecting in {} ms", why, delay.toMillis());
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs one stream until it ends; returns why it ended. */
    private String runOneStream() {
        var ended = new CountDownLatch(1);
        var reason = new AtomicReference<String>("completed by server");
        StreamObserver<AgentMessage> out = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
            @Override
            public void onNext(ServerMessage message) {
                if (message.hasSnapshot()) apply(message);
            }

            @Override
            public void onError(Throwable t) {
                reason.set(t.getMessage());
                ended.countDown();
            }

            @Override
            public void onCompleted() {
                ended.countDown();
            }
        });
        current.set(out);
        send(out, AgentMessage.newBuilder().setHello(Hello.newBuilder()
                .setAgentName(agentName).setAppliedVersion(applier.appliedVersion())).build());
        onStreamStarted.run();
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            current.set(null);
        }
        return reason.get();
    }

    private void apply(ServerMessage message) {
        var snapshot = message.getSnapshot();
        StreamObserver<AgentMessage> out = current.get();
        SnapshotApplier.Result result;
        try {
            result = applier.apply(snapshot);
        } catch (RuntimeException e) {
            // A bug in applying must still answer the server, or it would wait forever.
            log.error("applying version {} failed", snapshot.getVersion(), e);
            result = new SnapshotApplier.Refused("internal error: " + e, "");
        }
        if (out == null) return;
        switch (result) {
            case SnapshotApplier.Applied() ->
                    send(out, AgentMessage.newBuilder().setAck(Ack.newBuilder().setVersion(snapshot.getVersion())).build());
            case SnapshotApplier.Refused(String error, String tunnel) -> {
                log.warn("refused version {}: {}", snapshot.getVersion(), error);
                send(out, AgentMessage.newBuilder().setNack(Nack.newBuilder()
                        .setVersion(snapshot.getVersion()).setError(error).setTunnelName(tunnel)).build());
            }
        }
    }

    /** gRPC request observers are not thread-safe: telemetry and ACKs come from different threads. */
    private static void send(StreamObserver<AgentMessage> out, AgentMessage message) {
        synchronized (out) {
            out.onNext(message);
        }
    }

    @Override
    public void close() {
        closed = true;
        StreamObserver<AgentMessage> out = current.getAndSet(null);
        if (out != null) {
            synchronized (out) {
                out.onCompleted();
            }
        }
        loop.interrupt();
    }
}
