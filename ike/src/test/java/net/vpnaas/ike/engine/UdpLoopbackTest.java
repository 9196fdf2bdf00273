package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.transport.UdpTransport;
import org.junit.jupiter.api.Test;

/** The same establishment as EstablishmentTest, over real UDP sockets on loopback. */
class UdpLoopbackTest {

    @Test
    void establishesAndRekeysOverRealSockets() throws Exception {
        InetAddress a = InetAddress.ofLiteral("127.0.0.1");
        InetAddress b = InetAddress.ofLiteral("127.0.0.2");
        try (UdpTransport ta = new UdpTransport(a, 0, 0); UdpTransport tb = new UdpTransport(b, 0, 0)) {
            RecordingSaSink sa = new RecordingSaSink();
            RecordingSaSink sb = new RecordingSaSink();
            Random ra = new Random(5);
            Random rb = new Random(6);
            IkeEngine alice = new IkeEngine(ta, sa, ra::nextBytes, EngineOptions.DEFAULT.withNattPort(ta.nattAddress().getPort()));
            IkeEngine bob = new IkeEngine(tb, sb, rb::nextBytes, EngineOptions.DEFAULT.withNattPort(tb.nattAddress().getPort()));
            alice.addConnection(at(EnginePair.config("net", a, b, "alice@example.org", "@bob.example.org",
                    "10.1.0.0", "10.1.255.255", "10.2.0.0", "10.2.255.255"), ta.ikeAddress(), tb.ikeAddress()));
            bob.addConnection(at(EnginePair.config("net", b, a, "@bob.example.org", "alice@example.org",
                    "10.2.0.0", "10.2.255.255", "10.1.0.0", "10.1.255.255"), tb.ikeAddress(), ta.ikeAddress()));
            alice.start();
            bob.start();
            // HDR, SAi1, KEi, Ni  -->  <--  HDR, SAr1, KEr, Nr
            // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->  <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
            alice.initiate("net");
            EnginePair.await("child SA on both sides", () -> sa.installed.size() == 1 && sb.installed.size() == 1);
            var x = sa.current().getFirst();
            var y = sb.current().getFirst();
            assertThat(x.inbound().spi()).isEqualTo(y.outbound().spi());
            assertThat(x.inbound().encryptionKey()).isEqualTo(y.outbound().encryptionKey());
            assertThat(x.endpoints().remote()).isEqualTo(tb.ikeAddress());
            // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  -->  <--  HDR, SK {SA, Nr, TSi, TSr}
            bob.rekeyChildren("net");
            EnginePair.await("rekeyed", () -> sa.deleted.size() == 1 && sb.deleted.size() == 1);
            assertThat(ta.droppedNonIke()).isZero();
            alice.close();
            bob.close();
        }
    }

    private static ConnectionConfig at(ConnectionConfig c, InetSocketAddress local, InetSocketAddress remote) {
        return new ConnectionConfig(c.name(), local, remote, c.localId(), c.remoteId(), c.authentication(), c.ikeProposals(),
                c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), c.retransmit());
    }
}
