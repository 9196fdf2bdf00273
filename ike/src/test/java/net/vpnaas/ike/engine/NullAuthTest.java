package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.transport.UdpTransport;
import org.junit.jupiter.api.Test;

/**
 * NULL authentication (RFC 7619) between two of our engines over real UDP sockets on loopback, alice
 * initiating: both sides NULL, an anonymous initiator with a gateway proving a PSK, and the refusals
 * that keep NULL from standing in for a configured method or identity.
 */
class NullAuthTest {
    private static final InetAddress A = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress B = InetAddress.ofLiteral("127.0.0.2");
    private static final Authentication.Psk PSK = new Authentication.Psk("correct horse battery staple".getBytes(StandardCharsets.UTF_8));

    /** Alice (127.0.0.1) and bob (127.0.0.2) with the given authentication and identities, connection "net" on each. */
    private record Pair(UdpTransport ta, UdpTransport tb, IkeEngine alice, IkeEngine bob, RecordingSaSink aliceSink, RecordingSaSink bobSink,
                        List<EngineEvent> aliceEvents, List<EngineEvent> bobEvents) implements AutoCloseable {
        static Pair of(Authentication aliceAuth, Identity aliceRemoteId, Authentication bobAuth, Identity bobRemoteId) throws Exception {
            UdpTransport ta = new UdpTransport(A, 0, 0);
            UdpTransport tb = new UdpTransport(B, 0, 0);
            RecordingSaSink sa = new RecordingSaSink();
            RecordingSaSink sb = new RecordingSaSink();
            Random ra = new Random(7);
            Random rb = new Random(8);
            IkeEngine alice = new IkeEngine(ta, sa, ra::nextBytes, EngineOptions.DEFAULT.withNattPort(ta.nattAddress().getPort()));
            IkeEngine bob = new IkeEngine(tb, sb, rb::nextBytes, EngineOptions.DEFAULT.withNattPort(tb.nattAddress().getPort()));
            ConnectionConfig a = EnginePair.aliceConfig();
            ConnectionConfig b = EnginePair.bobConfig();
            alice.addConnection(new ConnectionConfig(a.name(), ta.ikeAddress(), tb.ikeAddress(), a.localId(), aliceRemoteId, aliceAuth,
                    a.ikeProposals(), a.espProposals(), a.localSelectors(), a.remoteSelectors(), a.lifetimes(), a.dpd(), a.retransmit()));
            bob.addConnection(new ConnectionConfig(b.name(), tb.ikeAddress(), ta.ikeAddress(), b.localId(), bobRemoteId, bobAuth,
                    b.ikeProposals(), b.espProposals(), b.localSelectors(), b.remoteSelectors(), b.lifetimes(), b.dpd(), b.retransmit()));
            Pair p = new Pair(ta, tb, alice, bob, sa, sb, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            alice.onEvent(p.aliceEvents::add);
            bob.onEvent(p.bobEvents::add);
            alice.start();
            bob.start();
            return p;
        }

        void awaitChildSas() {
            EnginePair.await("child SA on both sides", () -> aliceSink.installed.size() == 1 && bobSink.installed.size() == 1);
            var x = aliceSink.current().getFirst();
            var y = bobSink.current().getFirst();
            assertThat(x.inbound().spi()).isEqualTo(y.outbound().spi());
            assertThat(x.inbound().encryptionKey()).isEqualTo(y.outbound().encryptionKey());
        }

        void awaitAuthenticationFailed() {
            EnginePair.await("authentication failed on both sides", () -> failedAuthentication(aliceEvents) && failedAuthentication(bobEvents));
            assertThat(aliceSink.installed).isEmpty();
            assertThat(bobSink.installed).isEmpty();
        }

        private static boolean failedAuthentication(List<EngineEvent> events) {
            return events.stream().anyMatch(e -> e instanceof EngineEvent.IkeDown d && d.failure() == EngineEvent.Failure.AUTHENTICATION
                    || e instanceof EngineEvent.NegotiationFailed f && f.failure() == EngineEvent.Failure.AUTHENTICATION);
        }

        String peerOf(IkeEngine e) {
            IkeSa sa = e.ikeSas("net").getFirst();
            assertThat(sa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
            return sa.remoteIdentity();
        }

        @Override
        public void close() {
            alice.close();
            bob.close();
            ta.close();
            tb.close();
        }
    }

    private static Identity configured(ConnectionConfig c) {
        return c.remoteId();
    }

    @Test
    void bothSidesNullNameThemselvesIdNullAndGetAChildSa() throws Exception {
        try (Pair p = Pair.of(Authentication.Null.bothSides(), configured(EnginePair.aliceConfig()),
                Authentication.Null.bothSides(), configured(EnginePair.bobConfig()))) {
            p.alice.initiate("net");
            p.awaitChildSas();
            assertThat(p.peerOf(p.alice)).isEqualTo("%null (unauthenticated)");
            assertThat(p.peerOf(p.bob)).isEqualTo("%null (unauthenticated)");
        }
    }

    @Test
    void anAnonymousInitiatorChecksTheGatewaysPsk() throws Exception {
        try (Pair p = Pair.of(new Authentication.Null(Optional.empty(), Optional.of(PSK)), configured(EnginePair.aliceConfig()),
                new Authentication.Null(Optional.of(PSK), Optional.empty()), configured(EnginePair.bobConfig()))) {
            p.alice.initiate("net");
            p.awaitChildSas();
            assertThat(p.peerOf(p.alice)).as("the gateway proved its configured identity").isEqualTo("@bob.example.org");
            assertThat(p.peerOf(p.bob)).isEqualTo("%null (unauthenticated)");
        }
    }

    @Test
    void anAnonymousInitiatorRefusesAGatewayWithAnotherPsk() throws Exception {
        Authentication.Psk other = new Authentication.Psk("another secret of enough length".getBytes(StandardCharsets.UTF_8));
        try (Pair p = Pair.of(new Authentication.Null(Optional.empty(), Optional.of(PSK)), configured(EnginePair.aliceConfig()),
                new Authentication.Null(Optional.of(other), Optional.empty()), configured(EnginePair.bobConfig()))) {
            p.alice.initiate("net");
            EnginePair.await("alice refuses the gateway", () -> Pair.failedAuthentication(p.aliceEvents));
            assertThat(p.aliceSink.installed).isEmpty();
        }
    }

    @Test
    void aPskGatewayNeverTakesNullAuthentication() throws Exception {
        // The gateway is configured for PSK from alice: alice's NULL AUTH must not pass as authentication.
        try (Pair p = Pair.of(new Authentication.Null(Optional.empty(), Optional.of(PSK)), configured(EnginePair.aliceConfig()),
                PSK, configured(EnginePair.bobConfig()))) {
            p.alice.initiate("net");
            p.awaitAuthenticationFailed();
        }
    }

    @Test
    void aPeerConfiguredForPskMustNotAuthenticateWithTheNullMethod() throws Exception {
        // Bob takes NULL from nobody (his peer must prove the PSK); alice, though she holds the PSK side
        // of the gateway, sends the NULL method: refused, the MIC is never tried as a PSK MIC.
        try (Pair p = Pair.of(Authentication.Null.bothSides(), configured(EnginePair.aliceConfig()),
                new Authentication.Null(Optional.empty(), Optional.of(PSK)), configured(EnginePair.bobConfig()))) {
            p.alice.initiate("net");
            p.awaitAuthenticationFailed();
        }
    }

    @Test
    void idNullNeverMatchesAConfiguredIdNull() throws Exception {
        // A PSK gateway whose peer identity was (mis)configured as ID_NULL still refuses a peer naming
        // itself ID_NULL: ID_NULL names nobody, so it cannot select or satisfy a configured identity.
        try (Pair p = Pair.of(new Authentication.Null(Optional.empty(), Optional.of(PSK)), configured(EnginePair.aliceConfig()),
                PSK, Identity.NULL)) {
            p.alice.initiate("net");
            p.awaitAuthenticationFailed();
        }
        assertThat(Identity.NULL.matches(Identity.NULL.typeCode(), new byte[0])).isFalse();
    }
}
