package net.vpnaas.dataplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streams over real loopback TCP: what goes in framed comes out at the other end, the originator
 * sends the prefix and connects again after a reset, and hostile connections are closed and counted
 * within the limits.
 */
class TcpEncapsulationTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration SHORT = Duration.ofMillis(700);
    private static final TcpEncapsulation.Limits LIMITS = new TcpEncapsulation.Limits(2, 4, SHORT, SHORT, 256 * 1024);

    private final Recorder acceptor = new Recorder();
    private final Recorder originator = new Recorder();
    private final TcpEncapsulation server = new TcpEncapsulation(LIMITS, acceptor, acceptor::delivery);
    private final TcpEncapsulation client = new TcpEncapsulation(LIMITS, originator, originator::delivery);

    /** Records what a side received. */
    private static final class Recorder implements TcpEncapsulation.Receiver {
        final List<String> ike = new CopyOnWriteArrayList<>();
        final List<String> esp = new CopyOnWriteArrayList<>();
        final List<InetSocketAddress> reconnected = new CopyOnWriteArrayList<>();
        volatile InetSocketAddress lastRemote;

        @Override
        public void ike(InetSocketAddress local, InetSocketAddress remote, byte[] message) {
            lastRemote = remote;
            ike.add(HexFormat.of().formatHex(message));
        }

        @Override
        public void reconnected(InetSocketAddress local, InetSocketAddress remote) {
            reconnected.add(remote);
        }

        TcpEncapsulation.EspDelivery delivery() {
            return new TcpEncapsulation.EspDelivery() {
                @Override
                public void deliver(ByteBuffer packet) {
                    byte[] b = new byte[packet.remaining()];
                    packet.get(b);
                    esp.add(HexFormat.of().formatHex(b));
                }

                @Override
                public void close() {}
            };
        }
    }

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    private static byte[] ike(int n) {
        byte[] m = new byte[28 + n];
        m[0] = 1; // initiator SPI, never zero
        m[18] = 34;
        m[19] = 0x08;
        return m;
    }

    private static byte[] esp(int n) {
        byte[] p = new byte[8 + n];
        p[0] = 0x12; // SPI 0x12xxxxxx
        p[7] = 1;
        for (int i = 8; i < p.length; i++) p[i] = (byte) i;
        return p;
    }

    @Test
    void ikeAndEspCrossBothWays() {
        InetSocketAddress listening = server.listen(new InetSocketAddress(LOOPBACK, 0));
        InetSocketAddress local = new InetSocketAddress(LOOPBACK, 500);
        assertThat(client.sendIke(local, listening, ike(100), true)).isTrue();
        await("IKE at the acceptor", () -> acceptor.ike.size() == 1);
        assertThat(acceptor.ike).containsExactly(HexFormat.of().formatHex(ike(100)));
        StreamLink out = client.link(local, listening, false).orElseThrow();
        StreamLink in = server.link(listening, acceptor.lastRemote, false).orElseThrow();
        // about 110 KB in all: within one send buffer (256 KiB) however slowly the writer drains it
        for (int i = 0; i < 1000; i++) assertThat(out.sendEsp(ByteBuffer.wrap(esp(i % 200)))).isTrue();
        assertThat(in.sendEsp(ByteBuffer.wrap(esp(1400)))).isTrue();
        assertThat(server.sendIke(listening, acceptor.lastRemote, ike(3), false)).isTrue();
        await("1000 ESP packets at the acceptor", () -> acceptor.esp.size() == 1000);
        for (int i = 0; i < 1000; i++) assertThat(acceptor.esp.get(i)).isEqualTo(HexFormat.of().formatHex(esp(i % 200)));
        await("ESP and IKE at the originator", () -> originator.esp.size() == 1 && originator.ike.size() == 1);
        assertThat(originator.esp).containsExactly(HexFormat.of().formatHex(esp(1400)));
        assertThat(server.counters().accepted()).isEqualTo(1);
    }

    @Test
    void acceptorNeverConnectsAndDropsWhatHasNoStream() {
        InetSocketAddress nowhere = new InetSocketAddress(LOOPBACK, 9);
        assertThat(server.sendIke(new InetSocketAddress(LOOPBACK, 4500), nowhere, ike(1), false)).isFalse();
        assertThat(server.links()).isEmpty();
        assertThat(server.counters().sendDrops()).isEqualTo(1);
    }

    @Test
    void originatorConnectsAgainAfterAResetAndTheLinkGoesOn() throws Exception {
        InetSocketAddress listening = server.listen(new InetSocketAddress(LOOPBACK, 0));
        InetSocketAddress local = new InetSocketAddress(LOOPBACK, 500);
        client.sendIke(local, listening, ike(1), true);
        await("first stream", () -> acceptor.ike.size() == 1);
        StreamLink out = client.link(local, listening, false).orElseThrow();
        server.links().getFirst().dropConnection(); // the peer's end goes: our reader sees the end
        await("connected again", () -> originator.reconnected.size() == 1);
        assertThat(originator.reconnected).containsExactly(listening);
        await("the new stream accepted", () -> server.links().size() == 1 && server.counters().accepted() == 2);
        assertThat(out.sendEsp(ByteBuffer.wrap(esp(5)))).isTrue();
        await("ESP on the new stream", () -> acceptor.esp.size() == 1);
        assertThat(client.link(local, listening, false)).containsSame(out);
        assertThat(client.counters().reconnects()).isEqualTo(1);
    }

    @Test
    void aStreamWithoutThePrefixIsClosedAndCounted() throws Exception {
        InetSocketAddress listening = server.listen(new InetSocketAddress(LOOPBACK, 0));
        try (Socket s = new Socket(LOOPBACK, listening.getPort())) {
            s.getOutputStream().write(StreamFrameParserTest.frame(ike(1), true)); // IKE as a UDP-minded sender would
            assertClosedByPeer(s);
        }
        assertThat(server.counters().badPrefix()).isEqualTo(1);
        assertThat(acceptor.ike).isEmpty();
    }

    @Test
    void silentConnectionsAndStalledFramesAreClosedInTime() throws Exception {
        InetSocketAddress listening = server.listen(new InetSocketAddress(LOOPBACK, 0));
        try (Socket silent = new Socket(LOOPBACK, listening.getPort());
             Socket slow = new Socket(LOOPBACK, listening.getPort())) {
            OutputStream out = slow.getOutputStream();
            out.write(StreamFrameParser.PREFIX);
            out.write(new byte[] {0x01, 0x00, 0x12}); // a frame of 256 bytes, of which 1 comes
            out.flush();
            long start = System.nanoTime();
            assertClosedByPeer(silent);
            assertClosedByPeer(slow);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.multipliedBy(4));
        }
        assertThat(server.counters().prefixTimeouts()).isEqualTo(1);
        assertThat(server.counters().stalledFrames()).isEqualTo(1);
        await("both forgotten", () -> server.links().isEmpty());
    }

    @Test
    void aLengthBelowTwoEndsTheStream() throws Exception {
        InetSocketAddress listening = server.listen(new InetSocketAddress(LOOPBACK, 0));
        try (Socket s = new Socket(LOOPBACK, listening.getPort())) {
            s.getOutputStream().write(StreamFrameParserTest.concat(StreamFrameParser.PREFIX, new byte[] {0, 1, 0, 0}));
            assertClosedByPeer(s);
        }
        assertThat(server.counters().badLength()).isEqualTo(1);
    }

    @Test
    void connectionsFromOneAddressAndInAllAreBounded() throws Exception {
        InetSocketAddress listening = server.listen(new InetSocketAddress(LOOPBACK, 0));
        try (Socket a = new Socket(LOOPBACK, listening.getPort());
             Socket b = new Socket(LOOPBACK, listening.getPort());
             Socket c = new Socket(LOOPBACK, listening.getPort())) {
            a.getOutputStream().write(StreamFrameParser.PREFIX);
            b.getOutputStream().write(StreamFrameParser.PREFIX);
            assertClosedByPeer(c); // the third from 127.0.0.1, over the limit of 2
            assertThat(server.counters().refusedPerAddress()).isEqualTo(1);
            assertThat(server.links()).hasSize(2);
        }
    }

    private static void assertClosedByPeer(Socket s) throws IOException {
        s.setSoTimeout((int) SHORT.multipliedBy(4).toMillis());
        InputStream in = s.getInputStream();
        try {
            assertThat(in.read()).as("end of stream").isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            // closed with unread data in its buffer: a reset, which closes it all the same
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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
}
