package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.NatTraversal;
import net.vpnaas.ike.transport.UdpTransport;
import org.junit.jupiter.api.Test;

/**
 * NAT keepalives (RFC 3948 2.3): only the side behind a NAT sends them, to the peer's port 4500
 * from its own, at the connection's interval; none with the interval 0, none for a NAT that is only
 * faked to force UDP encapsulation.
 */
class NatKeepaliveTest {
    private static final Duration EVERY = Duration.ofMillis(200);

    private static ConnectionConfig nat(ConnectionConfig c, boolean force, Duration keepalive) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(),
                c.retransmit(), new NatTraversal(force, keepalive), c.fragmentSize());
    }

    private static long keepalivesFrom(EnginePair p, InetAddress host) {
        return p.net.keepalives().stream().filter(k -> k.from().getAddress().equals(host)).count();
    }

    @Test
    void theSideBehindTheNatSendsThemAtItsIntervalFromAndToPort4500() throws InterruptedException {
        try (EnginePair p = new EnginePair(c -> nat(c, false, EVERY), c -> nat(c, false, EVERY), EngineOptions.DEFAULT)) {
            p.net.nat(EnginePair.ALICE, 40000);
            p.establish();
            long started = System.nanoTime();
            EnginePair.await("three keepalives from alice", () -> keepalivesFrom(p, EnginePair.ALICE) >= 3);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("three intervals, not faster")
                    .isGreaterThanOrEqualTo(EVERY.multipliedBy(2));
            assertThat(p.net.keepalives()).allSatisfy(k -> {
                assertThat(k.from()).isEqualTo(new InetSocketAddress(EnginePair.ALICE, 4500));
                assertThat(k.to()).isEqualTo(new InetSocketAddress(EnginePair.BOB, 4500));
            });
            assertThat(keepalivesFrom(p, EnginePair.BOB)).as("bob is not behind a NAT").isZero();
        }
    }

    @Test
    void noneWithTheIntervalZeroOrForAFakedNat() throws InterruptedException {
        try (EnginePair off = new EnginePair(c -> nat(c, false, Duration.ZERO), c -> c, EngineOptions.DEFAULT);
             EnginePair faked = new EnginePair(c -> nat(c, true, EVERY), c -> nat(c, false, EVERY), EngineOptions.DEFAULT)) {
            off.net.nat(EnginePair.ALICE, 40000);
            off.establish();
            faked.establish();
            assertThat(faked.aliceSink.current().getFirst().endpoints().udpEncapsulation()).isTrue();
            Thread.sleep(EVERY.multipliedBy(4).toMillis());
            assertThat(off.net.keepalives()).isEmpty();
            assertThat(faked.net.keepalives()).isEmpty();
        }
    }

    @Test
    void overRealUdpAKeepaliveIsTheOneByte0xFfFromTheNattSocket() throws Exception {
        InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
        try (UdpTransport transport = new UdpTransport(loopback, 0, 0);
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            peer.setSoTimeout(5000);
            transport.sendNatKeepalive(transport.nattAddress(), (InetSocketAddress) peer.getLocalSocketAddress());
            DatagramPacket received = new DatagramPacket(new byte[16], 16);
            peer.receive(received);
            assertThat(received.getSocketAddress()).isEqualTo(transport.nattAddress());
            assertThat(received.getLength()).isEqualTo(1);
            assertThat(received.getData()[0]).isEqualTo((byte) 0xFF);
        }
    }
}
