package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.cli.IdentityText;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.TrafficSelector;

/** Two engines, "alice" (192.0.2.1, initiator) and "bob" (192.0.2.2), over an in-memory network. */
final class EnginePair implements AutoCloseable {
    static final InetAddress ALICE = InetAddress.ofLiteral("192.0.2.1");
    static final InetAddress BOB = InetAddress.ofLiteral("192.0.2.2");
    static final RetransmitPolicy FAST = new RetransmitPolicy(Duration.ofMillis(300), 1.5, 5);

    final InMemoryNetwork net = new InMemoryNetwork();
    final RecordingSaSink aliceSink = new RecordingSaSink();
    final RecordingSaSink bobSink = new RecordingSaSink();
    final IkeEngine alice;
    final IkeEngine bob;
    /** What each engine reported, as the gateway agent would turn it into tunnel states. */
    final List<EngineEvent> aliceEvents = new CopyOnWriteArrayList<>();
    final List<EngineEvent> bobEvents = new CopyOnWriteArrayList<>();

    EnginePair() {
        this(UnaryOperator.identity(), UnaryOperator.identity(), EngineOptions.DEFAULT);
    }

    EnginePair(UnaryOperator<ConnectionConfig> aliceTweak, UnaryOperator<ConnectionConfig> bobTweak, EngineOptions bobOptions) {
        this(aliceTweak, bobTweak, EngineOptions.DEFAULT, bobOptions);
    }

    EnginePair(UnaryOperator<ConnectionConfig> aliceTweak, UnaryOperator<ConnectionConfig> bobTweak,
               EngineOptions aliceOptions, EngineOptions bobOptions) {
        Random ra = new Random(1);
        Random rb = new Random(2);
        alice = new IkeEngine(net.transport(ALICE), aliceSink, ra::nextBytes, aliceOptions);
        bob = new IkeEngine(net.transport(BOB), bobSink, rb::nextBytes, bobOptions);
        alice.addConnection(aliceTweak.apply(aliceConfig()));
        bob.addConnection(bobTweak.apply(bobConfig()));
        alice.onEvent(aliceEvents::add);
        bob.onEvent(bobEvents::add);
        alice.start();
        bob.start();
    }

    /** Alice's connection "net" before the test's tweak. */
    static ConnectionConfig aliceConfig() {
        return config("net", ALICE, BOB, "alice@example.org", "@bob.example.org", "10.1.0.0", "10.1.255.255", "10.2.0.0", "10.2.255.255");
    }

    /** Bob's connection "net" before the test's tweak. */
    static ConnectionConfig bobConfig() {
        return config("net", BOB, ALICE, "@bob.example.org", "alice@example.org", "10.2.0.0", "10.2.255.255", "10.1.0.0", "10.1.255.255");
    }

    static ConnectionConfig config(String name, InetAddress local, InetAddress remote, String localId, String remoteId,
                                   String ls, String le, String rs, String re) {
        return new ConnectionConfig(name, new InetSocketAddress(local, 500), new InetSocketAddress(remote, 500),
                IdentityText.parse(localId), IdentityText.parse(remoteId), "correct horse battery staple".getBytes(StandardCharsets.UTF_8),
                List.of(ProposalParser.ike("aes256gcm16-prfsha256-x25519")), List.of(ProposalParser.esp("aes256gcm16")),
                List.of(new TrafficSelector(InetAddress.ofLiteral(ls), InetAddress.ofLiteral(le), 0, 0, 65535)),
                List.of(new TrafficSelector(InetAddress.ofLiteral(rs), InetAddress.ofLiteral(re), 0, 0, 65535)),
                Lifetimes.NEVER, DeadPeerDetection.OFF, FAST);
    }

    static ConnectionConfig with(ConnectionConfig c, String ike, String esp) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                List.of(ProposalParser.ike(ike)), List.of(ProposalParser.esp(esp)), c.localSelectors(), c.remoteSelectors(),
                c.lifetimes(), c.dpd(), c.retransmit(), c.natTraversal(), c.fragmentSize(), c.ppk());
    }

    static ConnectionConfig withPsk(ConnectionConfig c, String psk) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), new Authentication.Psk(psk.getBytes(StandardCharsets.UTF_8)),
                c.ikeProposals(), c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(),
                c.retransmit(), c.natTraversal(), c.fragmentSize(), c.ppk());
    }

    static ConnectionConfig withLifetimes(ConnectionConfig c, Lifetimes l) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), c.espProposals(), c.localSelectors(), c.remoteSelectors(), l, c.dpd(),
                c.retransmit(), c.natTraversal(), c.fragmentSize(), c.ppk());
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The IKE SA that ended among {@code events}, once it did. */
    static EngineEvent.IkeDown awaitIkeDown(List<EngineEvent> events) {
        await("an IKE SA ended", () -> events.stream().anyMatch(e -> e instanceof EngineEvent.IkeDown));
        return events.stream().filter(e -> e instanceof EngineEvent.IkeDown).map(e -> (EngineEvent.IkeDown) e).findFirst().orElseThrow();
    }

    void establish() {
        alice.initiate("net");
        awaitChildren(1);
    }

    /** Waits until both sides hold {@code n} Child SAs with their policies (installed right after each SA). */
    void awaitChildren(int n) {
        await(n + " child SAs on both sides", () -> aliceSink.installed.size() == n && bobSink.installed.size() == n
                && established(alice) && established(bob) && withPolicies(aliceSink) && withPolicies(bobSink));
    }

    private static boolean withPolicies(RecordingSaSink sink) {
        return sink.current().stream().allMatch(sa -> sink.policies.containsKey(sa.reqid()));
    }

    static boolean established(IkeEngine e) {
        return e.ikeSas("net").stream().anyMatch(s -> s.state() == IkeSa.State.ESTABLISHED);
    }

    /** Both sinks hold mirror images: each inbound SA of one side is the outbound SA of the other, keys included. */
    void assertMirrored() {
        assertThat(aliceSink.installed).hasSameSizeAs(bobSink.installed);
        for (ChildSaInstall a : aliceSink.current()) {
            ChildSaInstall b = bobSink.current().stream().filter(x -> x.outbound().spi() == a.inbound().spi()).findFirst()
                    .orElseThrow(() -> new AssertionError("bob has no outbound SA for alice's inbound " + a.inbound()));
            assertThat(b.inbound().spi()).isEqualTo(a.outbound().spi());
            assertThat(b.outbound().encryptionKey()).isEqualTo(a.inbound().encryptionKey());
            assertThat(b.inbound().encryptionKey()).isEqualTo(a.outbound().encryptionKey());
            assertThat(b.outbound().integrityKey()).isEqualTo(a.inbound().integrityKey());
            assertThat(b.transform()).isEqualTo(a.transform());
            assertThat(a.inbound().encryptionKey()).isNotEqualTo(a.outbound().encryptionKey());
        }
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
        net.close();
    }
}
