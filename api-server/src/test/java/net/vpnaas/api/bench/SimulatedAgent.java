package net.vpnaas.api.bench;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.vpnaas.model.agent.v1.Ack;
import net.vpnaas.model.agent.v1.AgentMessage;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Hello;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.ServerMessage;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;

/**
 * One gateway agent as the server sees it, minus IKE: holds the stream, ACKs every snapshot at
 * once, reports one Child SA per tunnel and sends their counters when told to. Watches for the
 * policy lifetime the bench changed, to time each change from the REST request to the ACK.
 */
final class SimulatedAgent {
    /** A change the bench made through REST (a child SA lifetime), waiting for the snapshot that carries it. */
    record Expected(int childLifetimeSeconds, long requestStartNanos, long[] responseNanos) {}

    /** Receives each change's latencies: from the request start and from the response to the ACK. */
    interface LatencySink {
        void record(long fromRequestNanos, long fromResponseNanos);
    }

    private final int index;
    private final UUID gatewayId;
    private final List<String> tunnelIds;
    private final ManagedChannel channel;
    private final LatencySink sink;
    private final CountDownLatch firstAck;
    private final AtomicReference<Expected> expected = new AtomicReference<>();
    private final AtomicInteger reconnects;
    private StreamObserver<AgentMessage> send; // guarded by this: ACKs (event loop) and telemetry (timer) both send
    private boolean acked;
    private boolean closed;
    private long tick;
    private static final AtomicLong COUNTERS_SENT = new AtomicLong();

    /** Counter reports (one per tunnel) all agents have sent so far. */
    static long countersSent() {
        return COUNTERS_SENT.get();
    }

    SimulatedAgent(int index, UUID gatewayId, List<String> tunnelIds, ManagedChannel channel, LatencySink sink, CountDownLatch firstAck,
                   AtomicInteger reconnects) {
        this.reconnects = reconnects;
        this.index = index;
        this.gatewayId = gatewayId;
        this.tunnelIds = tunnelIds;
        this.channel = channel;
        this.sink = sink;
        this.firstAck = firstAck;
    }

    UUID gatewayId() {
        return gatewayId;
    }

    List<String> tunnelIds() {
        return tunnelIds;
    }

    synchronized void connect() {
        if (closed) return;
        send = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
            @Override public void onNext(ServerMessage m) {
                if (m.hasSnapshot()) onSnapshot(m.getSnapshot());
            }
            @Override public void onError(Throwable t) {
                // As a real agent does: reconnect after a pause (a handshake storm of 1,000 agents
                // on a loaded machine loses a few).
                reconnects.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(1000);
                        connect();
                    } catch (InterruptedException ignored) {
                        // the bench is ending
                    }
                });
            }
            @Override public void onCompleted() {}
        });
        send.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentName("bench-" + index)).build());
    }

    void expect(Expected change) {
        expected.set(change);
    }

    /** The change was refused: nothing to wait for. */
    void forget(Expected change) {
        expected.compareAndSet(change, null);
    }

    private void onSnapshot(GatewaySnapshot snapshot) {
        synchronized (this) {
            send.onNext(AgentMessage.newBuilder().setAck(Ack.newBuilder().setVersion(snapshot.getVersion())).build());
            if (!acked) {
                acked = true;
                firstAck.countDown();
            }
        }
        long ackedAt = System.nanoTime();
        Expected e = expected.get();
        if (e != null && snapshot.getPoliciesList().stream().anyMatch(p -> p.getChildLifetimeSeconds() == e.childLifetimeSeconds())
                && expected.compareAndSet(e, null)) {
            long response;
            synchronized (e.responseNanos()) {
                response = e.responseNanos()[0];
            }
            // The push may beat the HTTP response (NOTIFY leaves at commit): then 0 from the response.
            sink.record(ackedAt - e.requestStartNanos(), response == 0 ? 0 : Math.max(0, ackedAt - response));
        }
    }

    /** Between windows: a change never ACKed must not be matched in the next one. */
    void forgetPending() {
        expected.set(null);
    }

    int pendingChanges() {
        return expected.get() == null ? 0 : 1;
    }

    private int spi(int tunnel) {
        return 0xc0000000 | (index << 4) | tunnel;
    }

    /** One Child SA up per tunnel: creates the tunnel_sa rows the counters then update. */
    synchronized void reportSasUp() {
        var batch = TelemetryBatch.newBuilder();
        long now = System.currentTimeMillis();
        for (int k = 0; k < tunnelIds.size(); k++) {
            batch.addEvents(SaEvent.newBuilder().setTunnelId(tunnelIds.get(k)).setKind(SaEventKind.CHILD_UP)
                    .setChildSpiIn(spi(k)).setChildSpiOut(0x1000 + k).setAtEpochMillis(now));
        }
        send.onNext(AgentMessage.newBuilder().setTelemetry(batch).build());
    }

    synchronized void sendCounters() {
        tick++;
        var batch = TelemetryBatch.newBuilder();
        for (int k = 0; k < tunnelIds.size(); k++) {
            batch.addCounters(TunnelCounters.newBuilder().setTunnelId(tunnelIds.get(k)).setChildSpiIn(spi(k))
                    .setBytesIn(tick * 1400 * 100).setBytesOut(tick * 1400 * 90).setPacketsIn(tick * 100).setPacketsOut(tick * 90));
        }
        send.onNext(AgentMessage.newBuilder().setTelemetry(batch).build());
        COUNTERS_SENT.addAndGet(tunnelIds.size());
    }

    synchronized void close() {
        closed = true;
        if (send != null) send.onCompleted();
        channel.shutdown();
    }
}
