package net.vpnaas.api.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.vpnaas.model.agent.v1.Ack;
import net.vpnaas.model.agent.v1.AgentMessage;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import net.vpnaas.model.agent.v1.Hello;
import net.vpnaas.model.agent.v1.Nack;
import net.vpnaas.model.agent.v1.ServerMessage;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push protocol over a real gRPC stack (in-process transport). The gateway identity normally
 * comes from the mTLS client certificate; here a header stands in for it (the test seam), so this
 * test covers the stream logic, not TLS.
 */
class AgentServiceTest {
    static final Metadata.Key<String> TEST_GATEWAY = Metadata.Key.of("test-gateway", Metadata.ASCII_STRING_MARSHALLER);
    final UUID gatewayA = UUID.randomUUID();
    final UUID gatewayB = UUID.randomUUID();
    final Map<UUID, GatewaySnapshot> current = new ConcurrentHashMap<>();
    final List<String> statusLog = new CopyOnWriteArrayList<>();
    AgentStreams streams;
    Server server;
    ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        streams = new AgentStreams(id -> Optional.ofNullable(current.get(id)));
        AgentStatusStore status = new AgentStatusStore() {
            public void connected(UUID g, String a, long v) { statusLog.add("connected " + a + " " + v); }
            public void acked(UUID g, String a, long v) { statusLog.add("acked " + a + " " + v); }
            public void nacked(UUID g, String a, long v, String e) { statusLog.add("nacked " + a + " " + v + " " + e); }
            public void disconnected(UUID g, String a) { statusLog.add("disconnected " + a); }
            public void telemetry(UUID g, TelemetryBatch b) { statusLog.add("telemetry " + b.getEventsCount()); }
            public void defence(UUID g, String a, AgentDefence d) { statusLog.add("defence " + a + " " + d.level()); }
        };
        ServerInterceptor identityFromHeader = new ServerInterceptor() {
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h, ServerCallHandler<Q, R> next) {
                String id = h.get(TEST_GATEWAY);
                Context ctx = Context.current().withValue(GatewayIdentity.GATEWAY_ID, id == null ? null : UUID.fromString(id));
                return Contexts.interceptCall(ctx, call, h, next);
            }
        };
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(new AgentService(streams, status, token -> Optional.empty(),
                        net.vpnaas.api.agent.ca.AgentCertificateAuthority.create("test", java.time.Clock.systemUTC()), java.time.Duration.ofHours(1)), identityFromHeader))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    static GatewaySnapshot snapshot(UUID gateway, long version) {
        return GatewaySnapshot.newBuilder().setGatewayId(gateway.toString()).setVersion(version).build();
    }

    /** A connected fake agent: what it received, and a way to send. */
    final class Agent {
        final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
        volatile boolean completed;
        final StreamObserver<AgentMessage> send;

        Agent(UUID gateway, String name, long applied) {
            Metadata h = new Metadata();
            h.put(TEST_GATEWAY, gateway.toString());
            var stub = AgentServiceGrpc.newStub(channel).withInterceptors(
                    io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(h));
            send = stub.connect(new StreamObserver<>() {
                public void onNext(ServerMessage m) { received.add(m); }
                public void onError(Throwable t) { completed = true; }
                public void onCompleted() { completed = true; }
            });
            send.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentName(name).setAppliedVersion(applied)).build());
        }

        long nextSnapshotVersion() throws InterruptedException {
            ServerMessage m = received.poll(2, TimeUnit.SECONDS);
            assertThat(m).as("expected a snapshot").isNotNull();
            assertThat(m.hasSnapshot()).isTrue();
            return m.getSnapshot().getVersion();
        }

        void ack(long v) { send.onNext(AgentMessage.newBuilder().setAck(Ack.newBuilder().setVersion(v)).build()); }

        void nack(long v, String why) {
            send.onNext(AgentMessage.newBuilder().setNack(Nack.newBuilder().setVersion(v).setError(why)).build());
        }
    }

    @Test
    void pushesOnlyWhenTheAgentsVersionDiffers() throws Exception {
        current.put(gatewayA, snapshot(gatewayA, 3));
        Agent agent = new Agent(gatewayA, "gw-a-1", 0);
        assertThat(agent.nextSnapshotVersion()).isEqualTo(3);
        agent.ack(3);

        streams.gatewayChanged(gatewayA); // nothing new: the agent runs 3
        assertThat(agent.received).isEmpty();

        current.put(gatewayA, snapshot(gatewayA, 4));
        streams.gatewayChanged(gatewayA);
        assertThat(agent.nextSnapshotVersion()).isEqualTo(4);
        streams.gatewayChanged(gatewayA); // 4 is in flight: not sent twice
        assertThat(agent.received).isEmpty();
        agent.ack(4);
        assertThat(statusLog).containsExactly("connected gw-a-1 0", "acked gw-a-1 3", "acked gw-a-1 4");
    }

    @Test
    void agentAlreadyOnTheCurrentVersionIsLeftQuiet() {
        current.put(gatewayA, snapshot(gatewayA, 7));
        Agent agent = new Agent(gatewayA, "gw-a-1", 7);
        streams.keepaliveAll();
        assertThat(agent.received).hasSize(1).allMatch(ServerMessage::hasKeepalive);
    }

    @Test
    void refusedVersionIsNotPushedAgainUntilTheConfigChanges() throws Exception {
        current.put(gatewayA, snapshot(gatewayA, 5));
        Agent agent = new Agent(gatewayA, "gw-a-1", 4);
        assertThat(agent.nextSnapshotVersion()).isEqualTo(5);
        agent.nack(5, "unsupported ESP transform 'foo'");
        streams.gatewayChanged(gatewayA);
        assertThat(agent.received).isEmpty();
        assertThat(statusLog).contains("nacked gw-a-1 5 unsupported ESP transform 'foo'");

        current.put(gatewayA, snapshot(gatewayA, 6));
        streams.gatewayChanged(gatewayA);
        assertThat(agent.nextSnapshotVersion()).isEqualTo(6);
    }

    @Test
    void aChangeReachesOnlyTheAgentsOfThatGateway() throws Exception {
        current.put(gatewayA, snapshot(gatewayA, 1));
        current.put(gatewayB, snapshot(gatewayB, 1));
        Agent a = new Agent(gatewayA, "a", 1);
        Agent b = new Agent(gatewayB, "b", 1);
        current.put(gatewayA, snapshot(gatewayA, 2));
        streams.gatewayChanged(gatewayA);
        assertThat(a.nextSnapshotVersion()).isEqualTo(2);
        assertThat(b.received).isEmpty();
        assertThat(streams.connectedAgents(gatewayA)).isEqualTo(1);
        assertThat(streams.connectedAgents()).isEqualTo(2);
    }

    @Test
    void deletedGatewayClosesItsStreams() {
        current.put(gatewayA, snapshot(gatewayA, 1));
        Agent agent = new Agent(gatewayA, "a", 1);
        current.remove(gatewayA);
        streams.gatewayChanged(gatewayA);
        assertThat(agent.completed).isTrue();
    }

    @Test
    void protocolViolationsEndTheStreamAndLeaveNoState() {
        current.put(gatewayA, snapshot(gatewayA, 1));
        Agent agent = new Agent(gatewayA, "a", 1);
        agent.send.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentName("again")).build());
        assertThat(agent.completed).isTrue();
        assertThat(streams.connectedAgents(gatewayA)).isZero();
        assertThat(statusLog).containsExactly("connected a 1", "disconnected a");
    }
}
