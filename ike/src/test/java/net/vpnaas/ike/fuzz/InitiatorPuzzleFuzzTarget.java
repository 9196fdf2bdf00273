package net.vpnaas.ike.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.vpnaas.ike.crypto.ClientPuzzle;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.DefenceOptions;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.transport.Datagram;

/**
 * Jazzer target over a real {@link IkeEngine} as initiator, answered by the fuzzer: each input starts an
 * IKE SA and answers its IKE_SA_INIT request with HDR, N(COOKIE), N(PUZZLE) (RFC 8019 section 7.1.1)
 * whose cookie and PUZZLE data (PRF, difficulty, length) the fuzzer chooses, or with a fuzzed body after
 * a header for that SPI. The PUZZLE notification's decoder, the solver and its bound are what it reaches.
 * Findings besides exceptions: a retried request that does not keep the cookie, that solves a puzzle
 * above the initiator's bound ({@value #ACCEPTED} bits) at all, or that should carry a solution (a puzzle
 * with our PRF within the bound) and does not carry a correct one, or carries one when it should not.
 */
public final class InitiatorPuzzleFuzzTarget {

    static final int ACCEPTED = 6;

    private static final InetAddress LOCAL = InetAddress.ofLiteral("198.51.100.1");
    private static final InetAddress RESPONDER = InetAddress.ofLiteral("192.0.2.1");
    private static final String PROPOSALS = "aes256gcm16-prfsha256-x25519";

    private record Given(Bytes cookie, Optional<PuzzleNotification> puzzle) {}

    private static final BlockingQueue<Datagram> FIRST_REQUESTS = new LinkedBlockingQueue<>();
    private static final Map<Long, Boolean> SEEN = new ConcurrentHashMap<>();
    private static final Map<Long, Given> GIVEN = new ConcurrentHashMap<>();
    private static final AtomicReference<String> VIOLATION = new AtomicReference<>();
    private static final AtomicLong SOLVED = new AtomicLong();
    private static final AtomicLong PLAIN = new AtomicLong();
    private static IkeEngine INITIATOR;
    private static long inputs;

    private InitiatorPuzzleFuzzTarget() {}

    /** Called by Jazzer once before the first input (not a static initializer: see ResponderFirstPacketFuzzTarget). */
    public static void fuzzerInitialize() {
        EngineFuzzing.quietLogsCatchingJobFailures();
        INITIATOR = new IkeEngine(new EngineFuzzing.RecordingTransport(InitiatorPuzzleFuzzTarget::sent), new EngineFuzzing.NoDataPath(),
                RandomSource.secure(), EngineOptions.DEFAULT.withDefence(DefenceOptions.DEFAULT.withAcceptedDifficulty(ACCEPTED)));
        INITIATOR.addConnection(EngineFuzzing.config(PROPOSALS, LOCAL, RESPONDER, "@initiator.example", "@responder.example",
                "10.1.0.0", "10.1.255.255", "10.2.0.0", "10.2.255.255"));
        INITIATOR.start();
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws InterruptedException {
        EngineFuzzing.rethrowJobFailure();
        String violation = VIOLATION.getAndSet(null);
        if (violation != null) throw new IllegalStateException("on an earlier input: " + violation);
        inputs++;
        INITIATOR.initiate("fuzz");
        Datagram request = FIRST_REQUESTS.poll(5, TimeUnit.SECONDS);
        if (request == null) throw new IllegalStateException("the initiator sent no IKE_SA_INIT");
        long spi = ByteBuffer.wrap(request.data()).getLong(0);
        byte[] answer;
        if (data.consumeBoolean()) {
            Bytes cookie = Bytes.wrap(data.consumeBytes(data.consumeInt(1, 64)));
            List<Payload> payloads = new ArrayList<>();
            payloads.add(NotifyPayload.of(NotifyType.COOKIE, cookie));
            Bytes puzzleData = switch (data.consumeInt(0, 2)) {
                case 0 -> Bytes.EMPTY; // no PUZZLE: a plain COOKIE
                case 1 -> new PuzzleNotification(data.consumeBoolean() ? PrfAlgorithm.HMAC_SHA2_256.id() : data.consumeInt(0, 0xffff),
                        data.consumeInt(0, 255)).payload().data();
                default -> Bytes.wrap(data.consumeBytes(8));
            };
            if (puzzleData.length() > 0 || data.consumeBoolean()) payloads.add(NotifyPayload.of(NotifyType.PUZZLE, puzzleData));
            Optional<PuzzleNotification> puzzle = payloads.size() > 1 ? PuzzleNotification.decode(puzzleData) : Optional.empty();
            GIVEN.put(spi, new Given(cookie, puzzle));
            answer = IkeMessage.of(IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT, false, true, 0), payloads).encode();
        } else {
            byte[] body = data.consumeRemainingAsBytes();
            answer = ByteBuffer.allocate(28 + body.length).putLong(spi).putLong(0).put((byte) 41).put((byte) 0x20)
                    .put((byte) ExchangeType.IKE_SA_INIT.code()).put((byte) 0x20).putInt(0).putInt(28 + body.length).put(body).array();
        }
        INITIATOR.receive(new Datagram(request.local(), request.remote(), answer));
    }

    public static void fuzzerTearDown() {
        System.out.printf("INITIATOR_PUZZLE_FUZZ inputs=%d solved=%d plain=%d violations=%d jobFailures=%d%n", inputs, SOLVED.get(), PLAIN.get(),
                VIOLATION.get() == null ? 0 : 1, EngineFuzzing.JOB_FAILURES.get());
        System.out.flush();
        INITIATOR.close();
    }

    /** What the initiator sends: a first request for the next input, or a retry to check against what it was given. */
    private static void sent(Datagram d) {
        IkeMessage m;
        try {
            m = IkeMessage.decode(d.data().clone());
        } catch (IkeDecodeException e) {
            VIOLATION.compareAndSet(null, "the initiator sent an undecodable message: " + e.getMessage());
            return;
        }
        long spi = m.header().initiatorSpi();
        Optional<NotifyPayload> cookie = m.notify(NotifyType.COOKIE);
        if (cookie.isEmpty()) {
            if (SEEN.putIfAbsent(spi, true) == null) FIRST_REQUESTS.add(d); // not a retransmission
            return;
        }
        Given given = GIVEN.remove(spi);
        if (given == null) return; // a retransmitted retry
        if (!cookie.get().data().equals(given.cookie())) VIOLATION.compareAndSet(null, "the retry does not return the cookie");
        Optional<PuzzleSolutionPayload> ps = m.first(PuzzleSolutionPayload.class);
        Optional<PuzzleNotification> ours = given.puzzle().filter(p -> p.prfId() == PrfAlgorithm.HMAC_SHA2_256.id());
        if (ours.isPresent() && ours.get().difficulty() > ACCEPTED) {
            VIOLATION.compareAndSet(null, "retried for a puzzle of difficulty " + ours.get().difficulty() + " above the bound");
        } else if (ours.isPresent()) {
            if (ps.isEmpty() || !ClientPuzzle.verify(PrfAlgorithm.HMAC_SHA2_256, given.cookie().toByteArray(), ours.get().difficulty(),
                    ps.get().data().toByteArray())) {
                VIOLATION.compareAndSet(null, "no correct solution for " + ours.get());
            }
            SOLVED.incrementAndGet();
        } else {
            if (ps.isPresent()) VIOLATION.compareAndSet(null, "a solution without a puzzle we can solve: " + given);
            PLAIN.incrementAndGet();
        }
    }
}
