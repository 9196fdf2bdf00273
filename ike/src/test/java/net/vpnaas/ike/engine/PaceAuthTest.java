package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.transport.UdpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Password authentication with PACE (RFC 6631) between two of our engines over real UDP sockets on
 * loopback, alice initiating, with a 6-digit password: the tunnel comes up on each IKE cipher (CBC, and
 * the AEADs' bare stream ciphers for the encrypted nonce), a wrong password fails on both sides with
 * AUTHENTICATION_FAILED and nothing installed, and a PSK or PACE-less peer is refused.
 */
class PaceAuthTest {
    private static final InetAddress A = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress B = InetAddress.ofLiteral("127.0.0.2");
    static final Authentication.Password PIN = password("402915");

    static Authentication.Password password(String text) {
        return new Authentication.Password(text.getBytes(StandardCharsets.UTF_8));
    }

    private record Pair(UdpTransport ta, UdpTransport tb, IkeEngine alice, IkeEngine bob, RecordingSaSink aliceSink,
                        RecordingSaSink bobSink, List<EngineEvent> aliceEvents, List<EngineEvent> bobEvents) implements AutoCloseable {
        static Pair of(Authentication aliceAuth, Authentication bobAuth, String ike) throws Exception {
            UdpTransport ta = new UdpTransport(A, 0, 0);
            UdpTransport tb = new UdpTransport(B, 0, 0);
            RecordingSaSink sa = new RecordingSaSink();
            RecordingSaSink sb = new RecordingSaSink();
            Random ra = new Random(7);
            Random rb = new Random(8);
            IkeEngine alice = new IkeEngine(ta, sa, ra::nextBytes, EngineOptions.DEFAULT.withNattPort(ta.nattAddress().getPort()));
            IkeEngine bob = new IkeEngine(tb, sb, rb::nextBytes, EngineOptions.DEFAULT.withNattPort(tb.nattAddress().getPort()));
            alice.addConnection(connection(EnginePair.aliceConfig(), ta, tb, aliceAuth, ike));
            bob.addConnection(connection(EnginePair.bobConfig(), tb, ta, bobAuth, ike));
            Pair p = new Pair(ta, tb, alice, bob, sa, sb, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            alice.onEvent(p.aliceEvents::add);
            bob.onEvent(p.bobEvents::add);
            alice.start();
            bob.start();
            return p;
        }

        private static ConnectionConfig connection(ConnectionConfig c, UdpTransport local, UdpTransport remote, Authentication auth, String ike) {
            return new ConnectionConfig(c.name(), local.ikeAddress(), remote.ikeAddress(), c.localId(), c.remoteId(), auth,
                    List.of(ProposalParser.ike(ike)), c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), c.retransmit());
        }

        void awaitAuthenticationFailed() {
            EnginePair.await("authentication failed on both sides", () -> failedAuthentication(aliceEvents) && failedAuthentication(bobEvents));
            assertThat(aliceSink.installed).isEmpty();
            assertThat(bobSink.installed).isEmpty();
            assertThat(aliceSink.policies).isEmpty();
            assertThat(bobSink.policies).isEmpty();
        }

        private static boolean failedAuthentication(List<EngineEvent> events) {
            return events.stream().anyMatch(e -> e instanceof EngineEvent.IkeDown d && d.failure() == EngineEvent.Failure.AUTHENTICATION);
        }

        @Override
        public void close() {
            alice.close();
            bob.close();
            ta.close();
            tb.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes256gcm16-prfsha256-ecp256", "aes128-sha256-prfsha256-ecp384", "chacha20poly1305-prfsha512-ecp521"})
    void aSixDigitPasswordBringsTheTunnelUp(String ike) throws Exception {
        try (Pair p = Pair.of(PIN, PIN, ike)) {
            p.alice.initiate("net");
            EnginePair.await("child SA on both sides", () -> p.aliceSink.installed.size() == 1 && p.bobSink.installed.size() == 1);
            var x = p.aliceSink.current().getFirst();
            var y = p.bobSink.current().getFirst();
            assertThat(x.inbound().spi()).isEqualTo(y.outbound().spi());
            assertThat(x.inbound().encryptionKey()).isEqualTo(y.outbound().encryptionKey());
            assertThat(x.outbound().encryptionKey()).isEqualTo(y.inbound().encryptionKey());
            IkeSa a = p.alice.ikeSas("net").getFirst();
            IkeSa b = p.bob.ikeSas("net").getFirst();
            assertThat(a.state()).isEqualTo(IkeSa.State.ESTABLISHED);
            assertThat(a.remoteIdentity()).isEqualTo("@bob.example.org");
            assertThat(b.remoteIdentity()).isEqualTo("alice@example.org");
            assertThat(a.takeInitSharedSecret()).as("the IKE_SA_INIT secret was wiped after the mapping").isEmpty();
            assertThat(b.takeInitSharedSecret()).isEmpty();
        }
    }

    @Test
    void aWrongPasswordFailsBothSidesAndInstallsNothing() throws Exception {
        try (Pair p = Pair.of(PIN, password("402916"), "aes256gcm16-prfsha256-ecp256")) {
            p.alice.initiate("net");
            p.awaitAuthenticationFailed();
            assertThat(p.bobEvents).anyMatch(e -> e instanceof EngineEvent.IkeDown d && d.reason().contains("PACE AUTH does not verify"));
        }
    }

    @Test
    void aPskResponderIsNoPasswordPeer() throws Exception {
        // Bob takes a PSK: he answers no SECURE_PASSWORD_METHODS, and alice never sends her password as a PSK.
        try (Pair p = Pair.of(PIN, new Authentication.Psk("402915".getBytes(StandardCharsets.UTF_8)), "aes256gcm16-prfsha256-ecp256")) {
            p.alice.initiate("net");
            EnginePair.await("alice gives up", () -> Pair.failedAuthentication(p.aliceEvents));
            assertThat(p.aliceEvents).anyMatch(e -> e instanceof EngineEvent.IkeDown d && d.reason().contains("no SECURE_PASSWORD_METHODS"));
            assertThat(p.aliceSink.installed).isEmpty();
            assertThat(p.bobSink.installed).isEmpty();
        }
    }

    @Test
    void aPasswordConnectionNeedsAnEcpGroup() throws Exception {
        try (UdpTransport ta = new UdpTransport(A, 0, 0); UdpTransport tb = new UdpTransport(B, 0, 0)) {
            assertThatThrownBy(() -> Pair.connection(EnginePair.aliceConfig(), ta, tb, PIN, "aes256gcm16-prfsha256-x25519"))
                    .hasMessageContaining("ECP groups");
        }
    }
}
