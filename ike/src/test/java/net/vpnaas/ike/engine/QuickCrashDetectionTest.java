package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.InvalidIkeSpiAnswer;
import net.vpnaas.ike.qcd.QcdTokenSecrets;
import net.vpnaas.ike.qcd.QuickCrashDetection;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.transport.UdpTransport;
import org.junit.jupiter.api.Test;

/**
 * RFC 6290 between two engines over real UDP on loopback. One side makes tokens from a secret it would
 * share with its cluster; it is thrown away and a new engine with the same secret and no state takes
 * its address and ports. The other side's next request then meets INVALID_IKE_SPI with the token, and
 * its IKE SA goes at once: with DPD action RESTART the tunnel is up again well within 2 s, where
 * without QCD it waits for its retransmissions to give up (about 4 s with these settings). Both roles:
 * the gateway (responder) as token maker, and a clustered initiator as token maker with the gateway
 * as taker. Forged answers (wrong token, none) change nothing.
 */
class QuickCrashDetectionTest {
    private static final InetAddress CLIENT = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress GATEWAY = InetAddress.ofLiteral("127.0.0.2");
    private static final QcdTokenSecrets SECRETS = QcdTokenSecrets.of(7, "the cluster's shared QCD secret".getBytes());
    private static final Duration QCD_BOUND = Duration.ofSeconds(2);

    /** One engine on its own UDP sockets, with its events; {@code restartOnSamePorts} makes its empty-state successor. */
    private record Node(UdpTransport transport, IkeEngine engine, RecordingSaSink sink, List<EngineEvent> events) {
        static Node start(InetAddress address, int ikePort, int nattPort, EngineOptions options,
                          Function<UdpTransport, ConnectionConfig> connection) throws IOException {
            UdpTransport t = new UdpTransport(address, ikePort, nattPort);
            ConnectionConfig c = connection.apply(t);
            RecordingSaSink sink = new RecordingSaSink();
            IkeEngine e = new IkeEngine(t, sink, RandomSource.secure(), options.withNattPort(t.nattAddress().getPort()));
            List<EngineEvent> events = new CopyOnWriteArrayList<>();
            e.onEvent(events::add);
            e.addConnection(c);
            e.start();
            return new Node(t, e, sink, events);
        }

        /** Thrown away (a crash: no Delete leaves), and a new engine with no state on the same ports. */
        Node crashAndRestart(EngineOptions options, Function<UdpTransport, ConnectionConfig> c) throws IOException, InterruptedException {
            int ike = transport.ikeAddress().getPort();
            int natt = transport.nattAddress().getPort();
            InetAddress address = transport.ikeAddress().getAddress();
            engine.close();
            // The sockets close once their blocked readers noticed (the JDK defers it): until then the ports are taken.
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (true) {
                try {
                    return start(address, ike, natt, options, c);
                } catch (BindException stillClosing) {
                    if (System.nanoTime() > deadline) throw stillClosing;
                    Thread.sleep(10);
                }
            }
        }

        IkeSa established() {
            return engine.ikeSas("net").stream().filter(s -> s.state() == IkeSa.State.ESTABLISHED).findFirst().orElse(null);
        }

        void close() {
            engine.close();
        }
    }

    @Test
    void gatewayThatLostItsStateIsNoticedAtTheClientsNextPacket() throws Exception {
        Duration withQcd = clientRecovery(QuickCrashDetection.taker(), QuickCrashDetection.maker(SECRETS));
        Duration withoutQcd = clientRecovery(QuickCrashDetection.OFF, QuickCrashDetection.OFF);
        System.out.printf("client back up after the gateway's restart: %d ms with QCD, %d ms waiting for DPD%n",
                withQcd.toMillis(), withoutQcd.toMillis());
        assertThat(withQcd).isLessThan(QCD_BOUND);
        // Without QCD only the retransmissions giving up tell the client (EnginePair.FAST: about 3.9 s).
        assertThat(withoutQcd).isGreaterThan(EnginePair.FAST.totalWait().minusMillis(500)).isGreaterThan(withQcd.multipliedBy(2));
    }

    /** Sets up client -> gateway, restarts the gateway empty, sends a liveness check, times until the client is up again. */
    private static Duration clientRecovery(QuickCrashDetection clientQcd, QuickCrashDetection gatewayQcd) throws Exception {
        EngineOptions clientOptions = EngineOptions.DEFAULT.withQuickCrashDetection(clientQcd);
        EngineOptions gatewayOptions = EngineOptions.DEFAULT.withQuickCrashDetection(gatewayQcd);
        Node gateway = Node.start(GATEWAY, 0, 0, gatewayOptions, gatewayConfig(DeadPeerDetection.OFF));
        Node client = Node.start(CLIENT, 0, 0, clientOptions, clientConfig(gateway, restart()));
        Node gateway2 = null;
        try {
            client.engine().initiate("net");
            // The IKE SA shows ESTABLISHED to other threads a moment before the IKE_AUTH response's last task took the token.
            EnginePair.await("tunnel up", () -> client.established() != null && gateway.established() != null
                    && client.established().peerQcdToken().isPresent() == gatewayQcd.maker());
            IkeSa before = client.established();
            gateway2 = gateway.crashAndRestart(gatewayOptions, gatewayConfig(DeadPeerDetection.OFF));
            long t0 = System.nanoTime();
            client.engine().checkLiveness("net"); // the client's next packet
            EnginePair.await("client up again with a new IKE SA", () -> {
                IkeSa now = client.established();
                return now != null && now.initiatorSpi() != before.initiatorSpi();
            });
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Node g2 = gateway2;
            EnginePair.await("gateway holds the new IKE SA", () -> g2.established() != null);
            if (gatewayQcd.maker()) {
                assertThat(client.engine().quickCrashDetectionState().tokensMatched()).isEqualTo(1);
                assertThat(gateway2.engine().quickCrashDetectionState().answered()).isGreaterThanOrEqualTo(1);
            } else {
                assertThat(client.engine().quickCrashDetectionState().tokensMatched()).isZero();
            }
            return took;
        } finally {
            client.close();
            if (gateway2 != null) gateway2.close();
            gateway.close();
        }
    }

    @Test
    void gatewayIsTheTakerWhenAClusteredInitiatorLostItsState() throws Exception {
        Node gateway = Node.start(GATEWAY, 0, 0, EngineOptions.DEFAULT.withQuickCrashDetection(QuickCrashDetection.taker()),
                gatewayConfig(DeadPeerDetection.OFF));
        EngineOptions clusterOptions = EngineOptions.DEFAULT.withQuickCrashDetection(QuickCrashDetection.maker(SECRETS));
        Node cluster = Node.start(CLIENT, 0, 0, clusterOptions, clientConfig(gateway, DeadPeerDetection.OFF));
        Node cluster2 = null;
        try {
            cluster.engine().initiate("net");
            EnginePair.await("tunnel up", () -> cluster.established() != null && gateway.established() != null
                    && gateway.established().peerQcdToken().isPresent());
            assertThat(cluster.established().peerQcdToken()).isEmpty(); // the gateway takes tokens but makes none
            cluster2 = cluster.crashAndRestart(clusterOptions, clientConfig(gateway, DeadPeerDetection.OFF));
            long t0 = System.nanoTime();
            gateway.engine().checkLiveness("net");
            EnginePair.await("the gateway dropped the IKE SA", () -> gateway.engine().ikeSas("net").isEmpty());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isLessThan(QCD_BOUND);
            assertThat(gateway.sink().current()).isEmpty(); // its Child SAs left the data path
            EngineEvent.IkeDown down = EnginePair.awaitIkeDown(gateway.events());
            assertThat(down.reason()).contains("QCD token");
            assertThat(gateway.engine().quickCrashDetectionState().tokensMatched()).isEqualTo(1);
            assertThat(cluster2.engine().quickCrashDetectionState().answered()).isEqualTo(1);
        } finally {
            if (cluster2 != null) cluster2.close();
            cluster.close();
            gateway.close();
        }
    }

    @Test
    void tokenFollowsAnIkeSaRekey() throws Exception {
        EngineOptions gatewayOptions = EngineOptions.DEFAULT.withQuickCrashDetection(QuickCrashDetection.maker(SECRETS));
        Node gateway = Node.start(GATEWAY, 0, 0, gatewayOptions, gatewayConfig(DeadPeerDetection.OFF));
        Node client = Node.start(CLIENT, 0, 0, EngineOptions.DEFAULT.withQuickCrashDetection(QuickCrashDetection.taker()),
                clientConfig(gateway, restart()));
        Node gateway2 = null;
        try {
            client.engine().initiate("net");
            EnginePair.await("tunnel up", () -> client.established() != null && gateway.established() != null
                    && client.established().peerQcdToken().isPresent());
            IkeSa first = client.established();
            // HDR, SK {SA, Ni, KEi} --> <-- HDR, SK {SA, Nr, KEr}; then the gateway: HDR, SK {N(QUICK_CRASH_DETECTION)} -->
            client.engine().rekeyIke("net");
            EnginePair.await("rekeyed, with the gateway's token for the new SPIs", () -> {
                IkeSa now = client.established();
                return now != null && now != first && now.peerQcdToken()
                        .equals(SECRETS.token(now.initiatorSpi(), now.responderSpi(), now.responderSpi()));
            });
            IkeSa rekeyed = client.established();
            gateway2 = gateway.crashAndRestart(gatewayOptions, gatewayConfig(DeadPeerDetection.OFF));
            client.engine().checkLiveness("net");
            EnginePair.await("client up again", () -> {
                IkeSa now = client.established();
                return now != null && now.initiatorSpi() != rekeyed.initiatorSpi();
            });
            assertThat(client.engine().quickCrashDetectionState().tokensMatched()).isEqualTo(1);
        } finally {
            client.close();
            if (gateway2 != null) gateway2.close();
            gateway.close();
        }
    }

    @Test
    void forgedInvalidIkeSpiChangesNothing() throws Exception {
        Node gateway = Node.start(GATEWAY, 0, 0, EngineOptions.DEFAULT.withQuickCrashDetection(QuickCrashDetection.maker(SECRETS)),
                gatewayConfig(DeadPeerDetection.OFF));
        Node client = Node.start(CLIENT, 0, 0, EngineOptions.DEFAULT.withQuickCrashDetection(QuickCrashDetection.taker()),
                clientConfig(gateway, restart()));
        try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(GATEWAY, 0))) {
            client.engine().initiate("net");
            EnginePair.await("tunnel up", () -> client.established() != null && gateway.established() != null
                    && client.established().peerQcdToken().isPresent());
            IkeSa sa = client.established();
            // As the gateway would answer the client's request #1 (the sender of that request was the initiator)
            IkeHeader request = IkeHeader.of(sa.initiatorSpi(), sa.responderSpi(), ExchangeType.INFORMATIONAL, true, false, 1);
            Bytes wrong = Bytes.wrap(new byte[QcdTokenSecrets.TOKEN_LENGTH]);
            send(forger, InvalidIkeSpiAnswer.to(request, wrong).encode(), client);
            send(forger, new InvalidIkeSpiAnswer(InvalidIkeSpiAnswer.to(request, wrong).header(), java.util.Optional.empty()).encode(), client);
            EnginePair.await("both counted", () -> client.engine().quickCrashDetectionState().answersIgnored() == 2);
            assertThat(client.engine().quickCrashDetectionState().tokensMatched()).isZero();
            IkeSa still = client.established();
            assertThat(still).isSameAs(sa);
            assertThat(client.events()).noneMatch(e -> e instanceof EngineEvent.IkeDown);
            // The right token from the right address is what ends it: the forger's only lack was the secret.
            Bytes right = SECRETS.token(sa.initiatorSpi(), sa.responderSpi(), sa.responderSpi()).orElseThrow();
            send(forger, InvalidIkeSpiAnswer.to(request, right).encode(), client);
            EnginePair.await("the IKE SA ended", () -> client.engine().quickCrashDetectionState().tokensMatched() == 1);
        } finally {
            client.close();
            gateway.close();
        }
    }

    private static void send(DatagramSocket from, byte[] bytes, Node to) throws IOException {
        from.send(new DatagramPacket(bytes, bytes.length, to.transport().ikeAddress()));
    }

    private static DeadPeerDetection restart() {
        return new DeadPeerDetection(Duration.ZERO, Duration.ZERO, DeadPeerDetection.Action.RESTART);
    }

    /** The client's connection to {@code gateway}, from its own transport's address. */
    private static Function<UdpTransport, ConnectionConfig> clientConfig(Node gateway, DeadPeerDetection dpd) {
        ConnectionConfig c = EnginePair.config("net", CLIENT, GATEWAY, "alice@example.org", "@bob.example.org",
                "10.1.0.0", "10.1.255.255", "10.2.0.0", "10.2.255.255");
        return t -> at(c, t.ikeAddress(), gateway.transport().ikeAddress(), dpd);
    }

    /** The gateway's connection: it answers the client's address on whatever port the client has. */
    private static Function<UdpTransport, ConnectionConfig> gatewayConfig(DeadPeerDetection dpd) {
        ConnectionConfig c = EnginePair.config("net", GATEWAY, CLIENT, "@bob.example.org", "alice@example.org",
                "10.2.0.0", "10.2.255.255", "10.1.0.0", "10.1.255.255");
        return t -> at(c, t.ikeAddress(), new InetSocketAddress(CLIENT, 500), dpd);
    }

    private static ConnectionConfig at(ConnectionConfig c, InetSocketAddress local, InetSocketAddress remote, DeadPeerDetection dpd) {
        return new ConnectionConfig(c.name(), local, remote, c.localId(), c.remoteId(), c.authentication(), c.ikeProposals(),
                c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), dpd, c.retransmit());
    }
}
