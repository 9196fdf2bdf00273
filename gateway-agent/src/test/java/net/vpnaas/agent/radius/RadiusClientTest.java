package net.vpnaas.agent.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against RADIUS servers on real loopback sockets: retransmission of the unchanged packet with
 * a doubling timeout, failover to the second server (which then stays first), answers that are not
 * authentic (wrong secret, wrong identifier) ignored, and State kept to the server that issued it.
 */
class RadiusClientTest {
    private static final byte[] SECRET = "client-test-secret".getBytes(StandardCharsets.US_ASCII);
    private final List<FakeServer> servers = new ArrayList<>();

    @AfterEach
    void close() {
        servers.forEach(FakeServer::close);
    }

    @Test
    void silentServerGetsTheSameRequestRetransmittedWithBackoffThenTheSecondAnswersAndStaysFirst() throws Exception {
        FakeServer silent = server(null);
        FakeServer answering = server(SECRET);
        RadiusClient client = new RadiusClient(List.of(silent.server(SECRET), answering.server(SECRET)), Duration.ofMillis(100), 3);
        long t0 = System.nanoTime();
        RadiusClient.Answer a = client.accessRequest(List.of(RadiusAttribute.text(RadiusAttribute.USER_NAME, "bob")));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(a.server().address()).isEqualTo(answering.address());
        assertThat(a.packet().kind()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
        assertThat(silent.received).hasSize(3);
        assertThat(silent.received).allSatisfy(p -> assertThat(p).isEqualTo(silent.received.getFirst())); // unchanged retransmissions
        assertThat(tookMs).as("100 + 200 + 400 ms of waiting on the silent server").isGreaterThanOrEqualTo(700);
        silent.received.clear();
        client.accessRequest(List.of(RadiusAttribute.text(RadiusAttribute.USER_NAME, "carol")));
        assertThat(silent.received).as("the server that answered is asked first now").isEmpty();
    }

    @Test
    void answersUnderAnotherSecretAreNotTakenAndNoServerMeansUnavailable() throws Exception {
        FakeServer wrongSecret = server("not-our-secret".getBytes(StandardCharsets.US_ASCII));
        RadiusClient client = new RadiusClient(List.of(wrongSecret.server(SECRET)), Duration.ofMillis(50), 2);
        assertThatThrownBy(() -> client.accessRequest(List.of(RadiusAttribute.text(RadiusAttribute.USER_NAME, "bob"))))
                .isInstanceOf(RadiusUnavailableException.class).hasMessageContaining("no answer to 2 sends");
        assertThat(wrongSecret.received).hasSize(2);
    }

    @Test
    void everyRequestCarriesAValidMessageAuthenticator() throws Exception {
        FakeServer answering = server(SECRET);
        new RadiusClient(List.of(answering.server(SECRET)), Duration.ofMillis(200), 1)
                .accessRequest(List.of(RadiusAttribute.text(RadiusAttribute.USER_NAME, "bob")));
        RadiusPacket request = RadiusPacket.decode(answering.received.getFirst());
        byte[] mac = request.first(RadiusAttribute.MESSAGE_AUTHENTICATOR).orElseThrow().value();
        RadiusPacket zeroed = request.withAttribute(new RadiusAttribute(RadiusAttribute.MESSAGE_AUTHENTICATOR, new byte[16]));
        Mac hmac = Mac.getInstance("HmacMD5");
        hmac.init(new SecretKeySpec(SECRET, "HmacMD5"));
        assertThat(mac).isEqualTo(hmac.doFinal(zeroed.encode()));
    }

    private FakeServer server(byte[] answerSecret) throws Exception {
        FakeServer s = new FakeServer(answerSecret);
        servers.add(s);
        return s;
    }

    /** Records each datagram; with a secret, answers Access-Accept with that secret's authenticators. */
    private static final class FakeServer {
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        final List<byte[]> received = new CopyOnWriteArrayList<>();
        final Thread thread;

        FakeServer(byte[] answerSecret) throws Exception {
            thread = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[4096];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket in = new DatagramPacket(buf, buf.length);
                        socket.receive(in);
                        byte[] bytes = Arrays.copyOf(in.getData(), in.getLength());
                        received.add(bytes);
                        if (answerSecret == null) continue;
                        RadiusPacket request = RadiusPacket.decode(bytes);
                        RadiusPacket accept = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, request.identifier(), request.authenticator(), List.of());
                        byte[] out = accept.withAuthenticator(RadiusAuthenticators.responseAuthenticator(accept, request.authenticator(),
                                answerSecret)).encode();
                        socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        InetSocketAddress address() {
            return new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort());
        }

        RadiusServer server(byte[] secret) {
            return new RadiusServer(address(), secret);
        }

        void close() {
            socket.close();
        }
    }
}
