package net.vpnaas.agent.radius;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Sends Access-Requests to one of a few RADIUS servers and returns the authentic answer (RFC 2865,
 * RFC 3579, RFC 5080 2.2.1). Each request goes from its own UDP socket, connected to the server, so
 * only that server's datagrams reach it; a retransmission repeats the packet unchanged (same
 * Identifier and Request Authenticator, as RFC 5080 wants, so the server can tell it from a new
 * request), after a timeout that doubles each time. When a server stays silent through all its
 * sends the next one is asked, and becomes the first choice for later conversations, so that a dead
 * server costs its timeouts once rather than on every login. A request carrying State goes only to
 * the server that issued it: State means nothing to another (RFC 2865 5.24).
 *
 * <p>Blocking: the IKE engine calls it on the virtual thread of one IKE SA's mailbox.
 */
public final class RadiusClient {
    private static final Logger LOG = Logger.getLogger(RadiusClient.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An authentic answer and the server that gave it (later requests of the conversation go there). */
    public record Answer(RadiusPacket packet, RadiusServer server, byte[] requestAuthenticator) {
        public Answer {
            requestAuthenticator = requestAuthenticator.clone();
        }

        @Override
        public byte[] requestAuthenticator() {
            return requestAuthenticator.clone();
        }
    }

    private final List<RadiusServer> servers;
    private final Duration firstTimeout;
    private final int sendsPerServer;
    /** Index of the server to try first: the last one that answered. */
    private volatile int preferred;

    /**
     * @param servers        in order of preference, at least one
     * @param firstTimeout   wait after the first send; each retransmission waits twice the one before
     * @param sendsPerServer sends of one request to one server before the next server is tried
     */
    public RadiusClient(List<RadiusServer> servers, Duration firstTimeout, int sendsPerServer) {
        this.servers = List.copyOf(servers);
        if (this.servers.isEmpty()) throw new IllegalArgumentException("no RADIUS server");
        if (sendsPerServer < 1) throw new IllegalArgumentException("sends per server " + sendsPerServer);
        this.firstTimeout = firstTimeout;
        this.sendsPerServer = sendsPerServer;
    }

    public List<RadiusServer> servers() {
        return servers;
    }

    /**
     * An Access-Request with {@code attributes} and a Message-Authenticator, to the preferred server
     * and, if it stays silent, to the others in turn.
     */
    public Answer accessRequest(List<RadiusAttribute> attributes) throws RadiusUnavailableException {
        List<String> failures = new ArrayList<>();
        int first = preferred;
        for (int i = 0; i < servers.size(); i++) {
            int index = (first + i) % servers.size();
            Optional<Answer> answer = exchange(servers.get(index), attributes, failures);
            if (answer.isPresent()) {
                if (preferred != index) {
                    LOG.info(() -> servers.get(index) + " answered: it is asked first from now on");
                    preferred = index;
                }
                return answer.get();
            }
        }
        throw new RadiusUnavailableException(String.join("; ", failures));
    }

    /** An Access-Request continuing a conversation with {@code server} (its State among {@code attributes}). */
    public Answer accessRequest(RadiusServer server, List<RadiusAttribute> attributes) throws RadiusUnavailableException {
        List<String> failures = new ArrayList<>();
        return exchange(server, attributes, failures).orElseThrow(() -> new RadiusUnavailableException(String.join("; ", failures)));
    }

    private Optional<Answer> exchange(RadiusServer server, List<RadiusAttribute> attributes, List<String> failures) {
        byte[] requestAuthenticator = new byte[RadiusPacket.AUTHENTICATOR_LENGTH];
        RANDOM.nextBytes(requestAuthenticator);
        int identifier = RANDOM.nextInt(256);
        List<RadiusAttribute> withMac = new ArrayList<>(attributes);
        withMac.add(new RadiusAttribute(RadiusAttribute.MESSAGE_AUTHENTICATOR, new byte[RadiusPacket.AUTHENTICATOR_LENGTH]));
        RadiusPacket request = RadiusAuthenticators.signRequest(
                new RadiusPacket(RadiusCode.ACCESS_REQUEST, identifier, requestAuthenticator, withMac), server.secret());
        byte[] bytes = request.encode();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server.address());
            byte[] buffer = new byte[RadiusPacket.MAX_LENGTH];
            Duration wait = firstTimeout;
            for (int send = 1; send <= sendsPerServer; send++, wait = wait.multipliedBy(2)) {
                socket.send(new DatagramPacket(bytes, bytes.length));
                long deadline = System.nanoTime() + wait.toNanos();
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                    DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(in);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    Optional<RadiusPacket> answer = authentic(Arrays.copyOf(in.getData(), in.getLength()), identifier,
                            requestAuthenticator, server);
                    if (answer.isPresent()) return Optional.of(new Answer(answer.get(), server, requestAuthenticator));
                }
            }
            failures.add(server + ": no answer to " + sendsPerServer + " sends");
        } catch (PortUnreachableException e) {
            // Nothing listens there (a stopped server): the kernel says so at once, and it carries no message.
            failures.add(server + ": refused (ICMP port unreachable)");
        } catch (IOException e) {
            failures.add(server + ": " + e.getMessage());
        }
        LOG.warning(() -> server + " did not answer: " + failures.getLast());
        return Optional.empty();
    }

    /** The packet, if it is an authentic answer to our request; anything else is logged and dropped (RFC 2865 3). */
    private static Optional<RadiusPacket> authentic(byte[] bytes, int identifier, byte[] requestAuthenticator, RadiusServer server) {
        RadiusPacket p;
        try {
            p = RadiusPacket.decode(bytes);
        } catch (RadiusDecodeException e) {
            LOG.warning(() -> server + " sent a malformed packet: " + e.getMessage());
            return Optional.empty();
        }
        if (p.identifier() != identifier) {
            LOG.fine(() -> server + " answered identifier " + p.identifier() + ", not ours (" + identifier + ")");
            return Optional.empty();
        }
        if (p.kind() != RadiusCode.ACCESS_ACCEPT && p.kind() != RadiusCode.ACCESS_REJECT && p.kind() != RadiusCode.ACCESS_CHALLENGE) {
            LOG.warning(() -> server + " answered with code " + p.code());
            return Optional.empty();
        }
        Optional<String> problem = RadiusAuthenticators.checkResponse(p, requestAuthenticator, server.secret());
        if (problem.isPresent()) {
            // A wrong shared secret looks exactly like this: say so once per answer, the operator must see it.
            LOG.warning(() -> server + " sent " + p + " that is not authentic (" + problem.get() + "): is the shared secret the same on both sides?");
            return Optional.empty();
        }
        return Optional.of(p);
    }
}
