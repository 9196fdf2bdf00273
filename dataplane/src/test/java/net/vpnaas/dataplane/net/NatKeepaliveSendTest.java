package net.vpnaas.dataplane.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.vpnaas.dataplane.netns.Prerequisites;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.worker.DatagramDemux;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What DataPlane.sendNatKeepalive sends from its UDP socket, over real sockets on loopback: one
 * datagram of the single byte 0xFF (RFC 3948 2.3), which our own receive path takes for a keepalive.
 */
class NatKeepaliveSendTest {

    @BeforeAll
    static void prerequisites() {
        Prerequisites.require(); // root: the socket asks for large buffers (SO_RCVBUFFORCE)
    }

    @Test
    void aKeepaliveIsOneByteThatTheReceivingDataPathClassifiesAsOne() throws Exception {
        InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(loopback, 0));
             EspSocket socket = EspSocket.udp(new InetSocketAddress(loopback, 0))) {
            peer.setSoTimeout(5000);
            assertThat(socket.sendDatagram((InetSocketAddress) peer.getLocalSocketAddress(), new byte[] {DatagramDemux.NAT_KEEPALIVE}))
                    .isTrue();
            DatagramPacket received = new DatagramPacket(new byte[16], 16);
            peer.receive(received);
            byte[] datagram = Arrays.copyOf(received.getData(), received.getLength());
            assertThat(datagram).containsExactly((byte) 0xFF);
            assertThat(DatagramDemux.classify(ByteBuffer.wrap(datagram), datagram.length, EspSocket.Kind.UDP, Libc.AF_INET))
                    .isEqualTo(DatagramDemux.KEEPALIVE);
        }
    }
}
