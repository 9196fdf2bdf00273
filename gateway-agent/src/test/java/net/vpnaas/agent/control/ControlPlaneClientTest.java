package net.vpnaas.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.vpnaas.model.agent.v1.AgentMessage;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.ServerMessage;
import net.vpnaas.model.agent.v1.Tunnel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of the stream against a scripted server over in-process gRPC (the seam; the
 * control plane's own service is tested in api-server, and the two meet in the end-to-end test).
 */
class ControlPlaneClientTest {
    /** The server side of one agent stream, as the test scripts it. */
    static final class ScriptedStream {
        final BlockingQueue<AgentMessage> fromAgent = new LinkedBlockingQueue<>();
        StreamObserver<ServerMessage> toAgent;
    }

    final BlockingQueue<ScriptedStream> streams = new LinkedBlockingQueue<>();
    Server server;
    ManagedChannel channel;
    final RecordingApplier applier = new RecordingApplier();
    ControlPlaneClient client;

    /** Applies anything except snapshots with a tunnel named "bad"; remembers what it runs. */
    static final class RecordingApplier implements SnapshotApplier {
        final List<Long> applied = new CopyOnWriteArrayList<>();
        volatile long version;

        public Result apply(GatewaySnapshot s) {
            if (s.getTunnelsList().stream().anyMatch(t -> t.getName().equals("bad"))) {
                return new Refused("unsupported ESP transform 'des'", "bad");
            }
            applied.add(s.getVersion());
            version = s.getVersion();
            return new Applied();
        }

        public long appliedVersion() {
            return version;
        }
    }

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(new AgentServiceGrpc.AgentServiceImplBase() {
            @Override
            public StreamObserver<AgentMessage> connect(StreamObserver<ServerMessage> out) {
                var stream = new ScriptedStream();
                stream.toAgent = out;
                streams.add(stream);
                return new StreamObserver<>() {
                    public void onNext(AgentMessage m) { stream.fromAgent.add(m); }
                    public void onError(Throwable t) {}
                    public void onCompleted() {}
                };
            }
        }).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        client = new ControlPlaneClient(channel, "agent-1", applier, new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)));
        client.start();
    }

    @AfterEach
    void stop() {
        client.close();
        channel.shutdownNow();
        server.shutdownNow();
    }

    static ServerMessage push(long version, String... tunnels) {
        var s = GatewaySnapshot.newBuilder().setVersion(version);
        for (String t : tunnels) s.addTunnels(Tunnel.newBuilder().setName(t));
        return ServerMessage.newBuilder().setSnapshot(s).build();
    }

    static AgentMessage next(ScriptedStream s) throws InterruptedException {
        AgentMessage m = s.fromAgent.poll(5, TimeUnit.SECONDS);
        assertThat(m).as("agent message").isNotNull();
        return m;
    }

    @Test
    void appliesAndAcknowledgesOrRefusesAndKeepsTheOldConfig() throws Exception {
        ScriptedStream s = streams.poll(5, TimeUnit.SECONDS);
        assertThat(next(s).getHello().getAppliedVersion()).isZero();

        s.toAgent.onNext(push(1, "t1"));
        assertThat(next(s).getAck().getVersion()).isEqualTo(1);

        s.toAgent.onNext(push(2, "t1", "bad"));
        var nack = next(s).getNack();
        assertThat(nack.getVersion()).isEqualTo(2);
        assertThat(nack.getError()).contains("des");
        assertThat(nack.getTunnelName()).isEqualTo("bad");
        assertThat(applier.appliedVersion()).isEqualTo(1);
    }

    @Test
    void reconnectsAfterTheServerGoesAwayAndReportsWhatItRuns() throws Exception {
        ScriptedStream first = streams.poll(5, TimeUnit.SECONDS);
        next(first);
        first.toAgent.onNext(push(7, "t1"));
        assertThat(next(first).getAck().getVersion()).isEqualTo(7);

        first.toAgent.onError(Status.UNAVAILABLE.withDescription("replica shutting down").asRuntimeException());

        ScriptedStream second = streams.poll(5, TimeUnit.SECONDS);
        assertThat(second).as("the agent reconnected").isNotNull();
        assertThat(next(second).getHello().getAppliedVersion()).isEqualTo(7);
        assertThat(applier.applied).containsExactly(7L); // nothing re-applied while away
    }

    @Test
    void backoffGrowsAndIsCapped() {
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        var random = new java.util.Random(1);
        assertThat(backoff.delay(0, random)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(backoff.delay(3, random)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(backoff.delay(30, random)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
    }
}
