package net.vpnaas.agent.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import net.vpnaas.ike.sync.IkeSaState;

/**
 * Members of one gateway's cluster in this JVM, on loopback TLS sockets, with the agent certificates of a
 * test CA. Heartbeats every 200 ms, lost after 5: a takeover within about a second (the machine running the
 * tests is shared and loaded; the product's figures are the agent's settings).
 */
final class TestCluster implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofMillis(200);
    static final int MISSED = 5;
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(1);
    static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    /** What a member's agent was told to do, in order. */
    static final class RecordingTakeover implements Takeover {
        final List<Long> activations = new CopyOnWriteArrayList<>();
        final List<Long> deactivations = new CopyOnWriteArrayList<>();
        final List<List<IkeSaState>> taken = new CopyOnWriteArrayList<>();

        @Override
        public void activate(List<IkeSaState> states, long epoch) {
            taken.add(states);
            activations.add(epoch);
        }

        @Override
        public void deactivate(long epoch) {
            deactivations.add(epoch);
        }
    }

    final ClusterPki pki;
    final UUID gatewayId = UUID.randomUUID();
    /** Where each member listens. */
    final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
    private final List<ClusterMember> members = new ArrayList<>();

    TestCluster(ClusterPki pki, String... ids) throws IOException {
        this.pki = pki;
        for (String id : ids) addresses.put(id, new InetSocketAddress(LOOPBACK, freePort()));
    }

    /** {@code id}'s settings, reaching the others where {@code route} says (default: where they listen). */
    ClusterSettings settings(String id, Function<String, InetSocketAddress> route) {
        Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
        addresses.keySet().stream().filter(p -> !p.equals(id)).forEach(p -> peers.put(p, route.apply(p)));
        return new ClusterSettings(id, addresses.get(id), peers, HEARTBEAT, MISSED, ACK_TIMEOUT);
    }

    ClusterMember start(String id, Takeover takeover, ActiveWitness witness) throws Exception {
        return start(settings(id, addresses::get), takeover, witness);
    }

    ClusterMember start(ClusterSettings settings, Takeover takeover, ActiveWitness witness) throws Exception {
        ClusterMember m = new ClusterMember(settings, new SyncTls(pki.agent(gatewayId)), takeover, witness);
        m.start();
        members.add(m);
        return m;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        members.forEach(ClusterMember::close);
    }
}
