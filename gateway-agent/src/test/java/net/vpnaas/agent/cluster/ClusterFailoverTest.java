package net.vpnaas.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.vpnaas.ike.cli.IdentityText;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.config.HighAvailability;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.engine.EngineEvent;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.ike.sync.IkeSaState;
import net.vpnaas.ike.transport.Datagram;
import net.vpnaas.ike.transport.Transport;
import net.vpnaas.ike.transport.UdpTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway served by a cluster of our engines, against a peer engine, over real UDP on loopback: the
 * gateway's address (127.0.0.2) is served by whichever member is active (the floating address: the active
 * binds it, as the address takeover will add it), the members talk over real TLS. The active is killed
 * (its engine and its sync channel vanish with no word), a standby takes over with the next epoch and the
 * replicated state, and the peer's next exchanges are answered at their first transmission: same IKE SA,
 * no new IKE_SA_INIT.
 */
class ClusterFailoverTest {
    private static final InetAddress PEER = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress GATEWAY = InetAddress.ofLiteral("127.0.0.2");
    private static final RetransmitPolicy RETRANSMIT = new RetransmitPolicy(Duration.ofMillis(800), 1.5, 5);
    private static ClusterPki pki;

    @BeforeAll
    static void ca() throws Exception {
        pki = new ClusterPki();
    }

    /** The peer's side: what it sends (a retransmission sends the same bytes again) and how many answers it got. */
    private static final class PeerWire implements Transport {
        final UdpTransport udp;
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        final List<byte[]> received = new CopyOnWriteArrayList<>();

        PeerWire() throws IOException {
            udp = new UdpTransport(PEER, 0, 0);
        }

        @Override
        public void start(Consumer<Datagram> receiver) {
            udp.start(d -> {
                received.add(d.data());
                receiver.accept(d);
            });
        }

        @Override
        public void send(Datagram d) {
            sent.add(d.data());
            udp.send(d);
        }

        @Override
        public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
            udp.sendNatKeepalive(local, remote);
        }

        @Override
        public void close() {
            udp.close();
        }

        /** Whether an RFC 6311 Message ID sync went both ways: INFORMATIONAL with Message ID 0, request in, response out. */
        boolean messageIdSyncDone() {
            return received.stream().anyMatch(d -> informationalZero(d, false)) && sent.stream().anyMatch(d -> informationalZero(d, true));
        }

        private static boolean informationalZero(byte[] d, boolean response) {
            int at = d.length >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0 ? 4 : 0; // the non-ESP marker on 4500
            if (d.length < at + 28) return false;
            ByteBuffer h = ByteBuffer.wrap(d, at, 28);
            return (h.get(at + 18) & 0xff) == 37 && ((h.get(at + 19) & 0x20) != 0) == response && h.getInt(at + 20) == 0;
        }

        /** Datagrams sent more than once since {@code from}: retransmissions. */
        long resentSince(int from) {
            List<byte[]> all = List.copyOf(sent);
            List<byte[]> tail = all.subList(from, all.size());
            return tail.stream().filter(a -> tail.stream().filter(b -> Arrays.equals(a, b)).count() > 1).count();
        }
    }

    /** One member's agent: when active, it binds the gateway's address and runs an engine there with the replicated SAs. */
    private static final class MemberGateway implements Takeover {
        final String id;
        final ConnectionConfig config;
        final EngineOptions options;
        final int ikePort;
        final int nattPort;
        final SadDataPath data = new SadDataPath();
        ClusterMember member;
        volatile IkeEngine engine;
        volatile int takenOver = -1;

        MemberGateway(String id, ConnectionConfig config, EngineOptions options, int ikePort, int nattPort) {
            this.id = id;
            this.config = config;
            this.options = options;
            this.ikePort = ikePort;
            this.nattPort = nattPort;
        }

        @Override
        public void activate(List<IkeSaState> states, long epoch) {
            try {
                IkeEngine e = new IkeEngine(new UdpTransport(GATEWAY, ikePort, nattPort), data, new SecureRandom()::nextBytes,
                        options.withNattPort(nattPort));
                e.addConnection(config);
                e.onStateChange(member.replicator());
                e.start();
                engine = e;
                takenOver = EngineTakeover.continueSas(e, states, data.counters, Optional.empty());
            } catch (IOException ex) {
                throw new IllegalStateException(id + " cannot bind the gateway's address", ex);
            }
        }

        @Override
        public void deactivate(long epoch) {
            IkeEngine e = engine;
            if (e != null) e.close();
        }

        /** SIGKILL, as far as one JVM can: the sync channel and the engine's socket vanish, nothing is said. */
        void crash() {
            member.close();
            deactivate(0);
        }
    }

    @Test
    void twoMembersStandbyContinuesTheIkeSaWithoutRenegotiation() throws Exception {
        failover(EngineOptions.DEFAULT, "a", "b");
    }

    /** Three members and RFC 6311 agreed: the new active also runs the Message ID sync, and the third follows it. */
    @Test
    void threeMembersWithMessageIdSync() throws Exception {
        failover(EngineOptions.DEFAULT.withHighAvailability(HighAvailability.RFC_6311), "a", "b", "c");
    }

    private void failover(EngineOptions options, String... ids) throws Exception {
        int ikePort;
        int nattPort;
        try (UdpTransport probe = new UdpTransport(GATEWAY, 0, 0)) {
            ikePort = probe.ikeAddress().getPort();
            nattPort = probe.nattAddress().getPort();
        }
        InetSocketAddress gateway = new InetSocketAddress(GATEWAY, ikePort);
        PeerWire wire = new PeerWire();
        NoDataPath peerData = new NoDataPath();
        IkeEngine peer = new IkeEngine(wire, peerData, new SecureRandom()::nextBytes,
                options.withNattPort(wire.udp.nattAddress().getPort()));
        List<EngineEvent> peerEvents = new CopyOnWriteArrayList<>();
        peer.onEvent(peerEvents::add);
        peer.addConnection(config(wire.udp.ikeAddress(), gateway, "peer.example", "gw.example", "10.1.0.0", "10.1.255.255",
                "10.2.0.0", "10.2.255.255"));
        peer.start();
        Map<String, MemberGateway> gateways = new TreeMap<>();
        try (TestCluster cluster = new TestCluster(pki, ids)) {
            for (String id : ids) {
                MemberGateway g = new MemberGateway(id, config(gateway, wire.udp.ikeAddress(), "gw.example", "peer.example",
                        "10.2.0.0", "10.2.255.255", "10.1.0.0", "10.1.255.255"), options, ikePort, nattPort);
                gateways.put(id, g);
                g.member = new ClusterMember(cluster.settings(id, cluster.addresses::get), new SyncTls(pki.agent(cluster.gatewayId)), g,
                        ActiveWitness.NONE, Optional.of(g.data.counters));
            }
            gateways.values().forEach(g -> {
                try {
                    g.member.start();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            TestCluster.await("an active with every standby in sync", () -> gateways.values().stream().anyMatch(g ->
                    g.member.status().role() == Role.ACTIVE && g.member.status().standbys().size() == ids.length - 1
                            && g.member.status().standbys().values().stream().allMatch(s -> s == StandbySync.IN_SYNC)));
            MemberGateway first = gateways.values().stream().filter(g -> g.member.status().role() == Role.ACTIVE).findFirst().orElseThrow();
            long epoch = first.member.status().epoch();

            // P: IKE_SA_INIT, IKE_AUTH --> the active; each of its answers leaves once every standby holds the state.
            peer.initiate("net");
            TestCluster.await("IKE SA and Child SA up", () -> peerEvents.stream().anyMatch(e -> e instanceof EngineEvent.ChildUp));
            IkeSa peerSa = peer.ikeSas("net").getFirst();
            List<MemberGateway> standbys = gateways.values().stream().filter(g -> g != first).toList();
            TestCluster.await("the standbys hold the IKE SA", () -> standbys.stream().allMatch(g -> g.member.status().ikeSas() == 1));
            // P: INFORMATIONAL #2 (liveness) --> answered by the active, replicated first
            int mark = wire.received.size();
            peer.checkLiveness("net");
            TestCluster.await("#2 answered", () -> wire.received.size() > mark);

            // The active sends ESP on the gateway's Child SA, 10,000 packets a second for 0.3 s, while its counter
            // snapshots go to the standbys every 100 ms; then 1000 more just before it dies, after the last snapshot.
            long spi = first.data.sad.all().getFirst().inboundSpi();
            for (int i = 0; i < 6; i++) {
                first.data.send(spi, 500);
                Thread.sleep(50);
            }
            TestCluster.await("the standbys hold counter snapshots", () -> standbys.stream()
                    .allMatch(g -> g.data.counters.sinceLastImport().isPresent()));
            long lastSent = first.data.send(spi, 1000);

            first.crash();
            gateways.remove(first.id);
            MemberGateway next = gateways.values().iterator().next(); // the smallest id left: the election's choice
            TestCluster.await(next.id + " took over", () -> next.member.status().role() == Role.ACTIVE && next.takenOver >= 0);
            assertThat(next.member.status().epoch()).isEqualTo(epoch + 1);
            assertThat(next.takenOver).isEqualTo(1);
            IkeSa taken = next.engine.ikeSas("net").getFirst();
            assertThat(taken.initiatorSpi()).isEqualTo(peerSa.initiatorSpi());
            assertThat(taken.responderSpi()).isEqualTo(peerSa.responderSpi());
            // The engine installs an imported IKE SA's Child SAs on its session's thread, a moment after the import.
            TestCluster.await("the Child SA installed on " + next.id, () -> next.data.sad.byInboundSpi(spi).isPresent());
            assertThat(next.data.send(spi, 1)).as("the new active's first outbound sequence number")
                    .isGreaterThan(lastSent);

            // P: INFORMATIONAL #3 --> the new active answers it at its first transmission (without RFC 6311 only
            // because the standby had #2's state before #2's answer left); then a Child SA rekey.
            int sentMark = wire.sent.size();
            int receivedMark = wire.received.size();
            peer.checkLiveness("net");
            TestCluster.await("the new active answered", () -> wire.received.size() > receivedMark);
            peer.rekeyChildren("net");
            TestCluster.await("Child SA rekeyed with the new active", () -> peerEvents.stream()
                    .anyMatch(e -> e instanceof EngineEvent.ChildUp up && up.rekey()));
            assertThat(wire.resentSince(sentMark)).as("requests the peer had to send again").isZero();
            assertThat(peer.ikeSas("net")).extracting(IkeSa::initiatorSpi, IkeSa::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(peerSa.initiatorSpi(), IkeSa.State.ESTABLISHED));
            assertThat(peerEvents).noneMatch(e -> e instanceof EngineEvent.IkeDown);
            assertThat(wire.messageIdSyncDone()).as("RFC 6311 Message ID sync after the takeover")
                    .isEqualTo(options.highAvailability().messageIdSync());
            if (options.highAvailability().messageIdSync()) {
                // IPSEC_REPLAY_COUNTER_SYNC with the counters' advance: the peer's numbers jump past what the old active accepted.
                TestCluster.await("the peer advanced its outbound sequence numbers", () -> !peerData.outboundAdvances.isEmpty());
                assertThat(peerData.outboundAdvances.values()).allMatch(d -> d >= SadDataPath.ADVANCE.floor());
            } else {
                assertThat(peerData.outboundAdvances).isEmpty();
            }
            if (ids.length == 3) {
                MemberGateway third = gateways.values().stream().skip(1).findFirst().orElseThrow();
                TestCluster.await(third.id + " in sync with " + next.id, () -> third.member.status().ikeSas() == 1
                        && next.member.status().standbys().equals(Map.of(third.id, StandbySync.IN_SYNC)));
                assertThat(third.member.status().epoch()).isEqualTo(epoch + 1);
            }
        } finally {
            gateways.values().forEach(MemberGateway::crash);
            peer.close();
        }
    }

    private static ConnectionConfig config(InetSocketAddress local, InetSocketAddress remote, String localId, String remoteId,
                                           String ls, String le, String rs, String re) {
        return new ConnectionConfig("net", local, remote, IdentityText.parse("@" + localId), IdentityText.parse("@" + remoteId),
                new net.vpnaas.ike.config.Authentication.Psk("correct horse battery staple".getBytes(StandardCharsets.UTF_8)),
                List.of(ProposalParser.ike("aes256gcm16-prfsha256-x25519")), List.of(ProposalParser.esp("aes256gcm16")),
                List.of(new TrafficSelector(InetAddress.ofLiteral(ls), InetAddress.ofLiteral(le), 0, 0, 65535)),
                List.of(new TrafficSelector(InetAddress.ofLiteral(rs), InetAddress.ofLiteral(re), 0, 0, 65535)),
                Lifetimes.NEVER, DeadPeerDetection.OFF, RETRANSMIT);
    }
}
