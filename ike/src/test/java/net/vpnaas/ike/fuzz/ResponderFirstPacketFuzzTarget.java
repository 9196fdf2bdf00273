package net.vpnaas.ike.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.DefenceOptions;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PayloadType;
import net.vpnaas.ike.message.UnknownPayload;
import net.vpnaas.ike.transport.Datagram;

/**
 * Jazzer target over a real {@link IkeEngine} configured as a responder for any peer, fed through
 * {@link IkeEngine#receive}: the path every unauthenticated datagram takes. Each input is one of
 * <ol start="0">
 *   <li>arbitrary bytes;</li>
 *   <li>a valid IKE_SA_INIT request (made by a second engine as initiator) with a fresh SPIi and up to
 *       eight bytes overwritten at fuzzer-chosen offsets;</li>
 *   <li>that request unchanged with a fresh SPIi: a new half-open IKE SA, or a COOKIE once there are
 *       too many;</li>
 *   <li>a message for an IKE SA the responder has answered (its SPIs), with fuzzed header fields and
 *       body, which reaches the decryption and message-id paths;</li>
 *   <li>the request again, from the same address with the same SPIi, returning a COOKIE the responder
 *       sent (so it passes), followed by a payload of type PS (RFC 8019) with a fuzzed body or none:
 *       the puzzle solution's decoder and check, and the share of initiators that do not solve.</li>
 * </ol>
 * Findings: an exception out of {@code receive}, an IKE SA job that fails with an exception (logged by
 * the mailbox), or more live IKE SAs than the half-open limit allows. At the end, {@link #fuzzerTearDown}
 * waits out the half-open timeout and prints one {@code RESPONDER_FUZZ} line that the JUnit test checks:
 * every half-open IKE SA must be gone.
 */
public final class ResponderFirstPacketFuzzTarget {

    static final int COOKIE_THRESHOLD = 8;
    static final int HALF_OPEN_LIMIT = 16;
    /** Puzzles from 12 half-open IKE SAs (difficulty 1 to 4), initiators without a solution up to 14. */
    private static final DefenceOptions DEFENCE = new DefenceOptions(12, 14, HALF_OPEN_LIMIT, HALF_OPEN_LIMIT, HALF_OPEN_LIMIT, 1, 4, 1, 8,
            Duration.ofHours(1), 5, Duration.ofSeconds(12));
    static final Duration HALF_OPEN_TIMEOUT = Duration.ofSeconds(1);

    private static final InetAddress LOCAL = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress[] PEERS = {InetAddress.ofLiteral("198.51.100.1"), InetAddress.ofLiteral("198.51.100.2"),
        InetAddress.ofLiteral("2001:db8::7"), InetAddress.ofLiteral("203.0.113.9")};
    private static final String PROPOSALS = "aes256gcm16-prfsha256-x25519";

    private static final AtomicLong RESPONSES = new AtomicLong();
    private static final AtomicLong COOKIES = new AtomicLong();
    private static final AtomicLong PUZZLES = new AtomicLong();
    /** Cookies the responder sent, newest last, each with the SPIi and address it is bound to, for inputs of kind 4. */
    private static final Deque<SentCookie> SENT_COOKIES = new ArrayDeque<>();
    /** SPI pairs of IKE SAs the responder answered, newest last, for inputs of kind 3. */
    private static final Deque<long[]> ANSWERED = new ArrayDeque<>();
    private static IkeEngine RESPONDER;
    private static byte[] VALID_INIT;
    private static long inputs;
    private static int maxLive;

    private record SentCookie(long initiatorSpi, InetAddress peer, Bytes cookie) {}

    private ResponderFirstPacketFuzzTarget() {}

    /**
     * Called by Jazzer once before the first input. Not a static initializer: the engines call back into
     * this class from their own threads, which would block on the class's initialization lock.
     */
    public static void fuzzerInitialize() {
        EngineFuzzing.quietLogsCatchingJobFailures();

        RESPONDER = new IkeEngine(new EngineFuzzing.RecordingTransport(ResponderFirstPacketFuzzTarget::answered), new EngineFuzzing.NoDataPath(),
                RandomSource.secure(), new EngineOptions(4500, COOKIE_THRESHOLD, HALF_OPEN_TIMEOUT, DEFENCE));
        RESPONDER.addConnection(EngineFuzzing.config(PROPOSALS, LOCAL, InetAddress.ofLiteral("0.0.0.0"), "@responder.example", "@initiator.example",
                "10.2.0.0", "10.2.255.255", "10.1.0.0", "10.1.255.255"));
        RESPONDER.start();
        VALID_INIT = captureInitRequest();
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        EngineFuzzing.rethrowJobFailure();
        inputs++;
        InetAddress peer = PEERS[data.consumeInt(0, PEERS.length - 1)];
        int port = data.consumeBoolean() ? 500 : 4500;
        byte[] packet = switch (data.consumeInt(0, 4)) {
            case 0 -> data.consumeRemainingAsBytes();
            case 1 -> mutatedInit(data);
            case 2 -> withInitiatorSpi(VALID_INIT, data.consumeLong());
            case 3 -> forAnsweredSa(data);
            default -> {
                SentCookie c = sentCookie(data);
                peer = c.peer();
                yield withCookieAndSolution(c, data);
            }
        };
        InetSocketAddress from = new InetSocketAddress(peer, port);
        RESPONDER.receive(new Datagram(new InetSocketAddress(LOCAL, from.getPort()), from, packet));
        int live = RESPONDER.ikeSas("fuzz").size();
        maxLive = Math.max(maxLive, live);
        if (live > HALF_OPEN_LIMIT) {
            throw new IllegalStateException(live + " live IKE SAs, more than the half-open limit " + HALF_OPEN_LIMIT);
        }
    }

    /** After the run: every half-open IKE SA must have timed out, and no job may have failed meanwhile. */
    public static void fuzzerTearDown() throws InterruptedException {
        Thread.sleep(HALF_OPEN_TIMEOUT.plusMillis(1500));
        System.out.printf("RESPONDER_FUZZ inputs=%d maxLive=%d liveAfterTimeout=%d responses=%d cookies=%d puzzles=%d dropped=%d jobFailures=%d%n",
                inputs, maxLive, RESPONDER.ikeSas("fuzz").size(), RESPONSES.get(), COOKIES.get(), PUZZLES.get(), RESPONDER.droppedCount(),
                EngineFuzzing.JOB_FAILURES.get());
        System.out.flush();
        RESPONDER.close();
    }

    private static byte[] mutatedInit(FuzzedDataProvider data) {
        byte[] b = withInitiatorSpi(VALID_INIT, data.consumeLong());
        int n = data.consumeInt(1, 8);
        for (int i = 0; i < n; i++) b[data.consumeInt(0, b.length - 1)] = data.consumeByte();
        return b;
    }

    private static SentCookie sentCookie(FuzzedDataProvider data) {
        synchronized (SENT_COOKIES) {
            if (SENT_COOKIES.isEmpty()) return new SentCookie(data.consumeLong(), PEERS[0], Bytes.wrap(data.consumeBytes(36)));
            return SENT_COOKIES.toArray(new SentCookie[0])[data.consumeInt(0, SENT_COOKIES.size() - 1)];
        }
    }

    /** The valid request with the cookie in front and, if the fuzzer says so, a PS payload of fuzzed bytes last. */
    private static byte[] withCookieAndSolution(SentCookie c, FuzzedDataProvider data) {
        try {
            IkeMessage init = IkeMessage.decode(withInitiatorSpi(VALID_INIT, c.initiatorSpi()));
            List<Payload> payloads = new ArrayList<>();
            payloads.add(NotifyPayload.of(NotifyType.COOKIE, c.cookie()));
            payloads.addAll(init.payloads());
            if (data.consumeBoolean()) payloads.add(new UnknownPayload(PayloadType.PUZZLE_SOLUTION.code(), Bytes.wrap(data.consumeRemainingAsBytes())));
            return IkeMessage.of(init.header(), payloads).encode();
        } catch (IkeDecodeException e) {
            throw new IllegalStateException("the captured request does not decode", e);
        }
    }

    private static byte[] withInitiatorSpi(byte[] message, long spi) {
        byte[] b = message.clone();
        ByteBuffer.wrap(b).putLong(0, spi);
        return b;
    }

    /** A header carrying the SPIs of an answered IKE SA, with fuzzed exchange, flags, message id and body. */
    private static byte[] forAnsweredSa(FuzzedDataProvider data) {
        long[] spis;
        synchronized (ANSWERED) {
            spis = ANSWERED.isEmpty() ? new long[] {1, 2} : ANSWERED.toArray(new long[0][])[data.consumeInt(0, ANSWERED.size() - 1)];
        }
        int exchange = data.consumeInt(33, 38);
        int flags = data.consumeBoolean() ? 0x08 : data.consumeInt(0, 255);
        int messageId = data.consumeBoolean() ? data.consumeInt(0, 3) : data.consumeInt();
        int nextPayload = data.consumeBoolean() ? 46 : data.consumeInt(0, 255);
        byte[] body = data.consumeRemainingAsBytes();
        return ByteBuffer.allocate(28 + body.length).putLong(spis[0]).putLong(spis[1]).put((byte) nextPayload).put((byte) 0x20)
                .put((byte) exchange).put((byte) flags).putInt(messageId).putInt(28 + body.length).put(body).array();
    }

    private static void answered(Datagram d) {
        RESPONSES.incrementAndGet();
        try {
            IkeMessage m = IkeMessage.decode(d.data().clone());
            IkeHeader h = m.header();
            m.notify(NotifyType.COOKIE).ifPresent(n -> {
                COOKIES.incrementAndGet();
                synchronized (SENT_COOKIES) {
                    if (SENT_COOKIES.size() == 16) SENT_COOKIES.removeFirst();
                    SENT_COOKIES.addLast(new SentCookie(h.initiatorSpi(), d.remote().getAddress(), n.data()));
                }
            });
            if (m.notify(NotifyType.PUZZLE).isPresent()) PUZZLES.incrementAndGet();
            if (h.responderSpi() != 0) {
                synchronized (ANSWERED) {
                    if (ANSWERED.size() == 16) ANSWERED.removeFirst();
                    ANSWERED.addLast(new long[] {h.initiatorSpi(), h.responderSpi()});
                }
            }
        } catch (IkeDecodeException e) {
            throw new IllegalStateException("the responder sent an undecodable message", e);
        }
    }

    /** The first IKE_SA_INIT request of a real initiator engine with the same proposals. */
    private static byte[] captureInitRequest() {
        CompletableFuture<byte[]> first = new CompletableFuture<>();
        InetAddress me = PEERS[0];
        try (IkeEngine initiator = new IkeEngine(new EngineFuzzing.RecordingTransport(d -> first.complete(d.data())), new EngineFuzzing.NoDataPath(),
                RandomSource.secure(), EngineOptions.DEFAULT)) {
            initiator.addConnection(EngineFuzzing.config(PROPOSALS, me, LOCAL, "@initiator.example", "@responder.example",
                    "10.1.0.0", "10.1.255.255", "10.2.0.0", "10.2.255.255"));
            initiator.start();
            initiator.initiate("fuzz");
            return first.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not capture an IKE_SA_INIT request", e);
        }
    }
}
