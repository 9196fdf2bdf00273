package net.vpnaas.ike.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.ike.auth.RsaPadding;
import net.vpnaas.ike.auth.TrustedCas;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.crypto.ClientPuzzle;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.DefenceOptions;
import net.vpnaas.ike.engine.DropReason;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.engine.ScriptedInitiator;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.transport.Datagram;

/**
 * Jazzer target for IKE_AUTH requests with a puzzle solution in front of SK (RFC 8019 7.2), sent to a
 * real responder {@link IkeEngine} that is always under puzzles and authenticates with a certificate. For each input a {@link ScriptedInitiator}
 * does IKE_SA_INIT (returning the COOKIE, solving its PUZZLE) and receives the PUZZLE for IKE_AUTH, then
 * sends one IKE_AUTH request, properly protected, whose clear part or content is fuzzed, one of
 * <ol start="0">
 *   <li>a PS of fuzzed length and bytes;</li>
 *   <li>the valid solution with up to eight bytes overwritten;</li>
 *   <li>no PS;</li>
 *   <li>the valid PS twice;</li>
 *   <li>the valid PS in front of an arbitrary inner payload chain;</li>
 *   <li>the valid PS in front of an IDi alone.</li>
 * </ol>
 * Findings: an exception out of {@code receive} or in an IKE SA job; an answer to a request without a
 * valid solution (0-3, unless the fuzzer happened to solve the puzzle), or one not counted as
 * PUZZLE_UNSOLVED or UNDECODABLE; no answer to the valid request 5. At the end, {@link #fuzzerTearDown}
 * waits out the half-open timeout and prints one {@code AUTH_PUZZLE_FUZZ} line the JUnit test checks.
 */
public final class AuthPuzzleFuzzTarget {

    /** Long enough for the warm-up, whose IKE_AUTH path Jazzer instruments class by class on first use. */
    static final Duration HALF_OPEN_TIMEOUT = Duration.ofSeconds(3);
    private static final InetAddress LOCAL = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress PEER = InetAddress.ofLiteral("198.51.100.1");
    private static final String PROPOSALS = "aes256gcm16-prfsha256-x25519";
    private static final List<IkeProposalConfig> OFFER = List.of(ProposalParser.ike(PROPOSALS));
    private static final Duration ANSWER_WAIT = Duration.ofMillis(200);
    /** Puzzles always, of two bits (cheap to solve per input), no limits the single fuzzing address could reach. */
    private static final DefenceOptions ALWAYS_PUZZLES = new DefenceOptions(0, 0, 1_000_000, 1_000_000, 1_000_000, 2, 2, 1, 20,
            Duration.ofHours(1), Integer.MAX_VALUE, Duration.ofSeconds(1));

    /** An IDi alone: an IKE_AUTH request the responder refuses, but answers. */
    private static final List<Payload> IDI = List.of(new IdentificationPayload(true, 2,
            Bytes.wrap("initiator.example".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    private static final ScriptedInitiator INITIATOR = new ScriptedInitiator(LOCAL, PEER);
    private static final AtomicLong ANSWERED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static IkeEngine RESPONDER;
    private static long inputs;

    private AuthPuzzleFuzzTarget() {}

    public static void fuzzerInitialize() {
        EngineFuzzing.quietLogsCatchingJobFailures();
        RESPONDER = new IkeEngine(INITIATOR.transport(), new EngineFuzzing.NoDataPath(), RandomSource.secure(),
                new EngineOptions(4500, 0, HALF_OPEN_TIMEOUT, ALWAYS_PUZZLES));
        // Certificates: the responder demands IKE_AUTH puzzles only of peers whose AUTH costs it a signature check.
        ConnectionConfig c = EngineFuzzing.config(PROPOSALS, LOCAL, PEER, "@responder.example", "@initiator.example",
                "10.2.0.0", "10.2.255.255", "10.1.0.0", "10.1.255.255");
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued responder = pki.issue("responder.example", KeyKind.ECDSA_P256);
        var signs = new Authentication.Certificates(responder.privateKey(), List.of(responder.certificate()),
                TrustedCas.of(List.of(pki.ca().certificate())), RsaPadding.PSS);
        RESPONDER.addConnection(new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), signs, c.ikeProposals(),
                c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), c.retransmit()));
        RESPONDER.start();
        INITIATOR.talkTo(RESPONDER);
        warmUp();
    }

    /**
     * One valid exchange before the fuzzing: the first loads (and Jazzer instruments) the classes on the
     * responder's IKE_AUTH path, which on a loaded machine takes longer than {@link #ANSWER_WAIT}.
     */
    private static void warmUp() {
        try {
            ScriptedInitiator.Sa sa = withAuthPuzzle(ANSWER_WAIT.multipliedBy(50));
            PuzzleNotification puzzle = sa.authPuzzle().orElseThrow();
            byte[] solution = ClientPuzzle.solve(PrfAlgorithm.byId(puzzle.prfId()).orElseThrow(),
                    ClientPuzzle.ikeAuthChallenge(sa.nr(), sa.spiR()), puzzle.difficulty());
            INITIATOR.send(INITIATOR.request(sa, ExchangeType.IKE_AUTH, 1, List.of(new PuzzleSolutionPayload(Bytes.wrap(solution))), IDI));
            if (INITIATOR.answer(ANSWER_WAIT.multipliedBy(50)) == null) throw new IllegalStateException("no answer to the warm-up exchange");
        } catch (Exception e) {
            throw new IllegalStateException("warm-up", e);
        }
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws Exception {
        EngineFuzzing.rethrowJobFailure();
        inputs++;
        ScriptedInitiator.Sa sa = withAuthPuzzle(ANSWER_WAIT.multipliedBy(10));
        PuzzleNotification puzzle = sa.authPuzzle().orElseThrow();
        PrfAlgorithm prf = PrfAlgorithm.byId(puzzle.prfId()).orElseThrow();
        byte[] challenge = ClientPuzzle.ikeAuthChallenge(sa.nr(), sa.spiR());
        byte[] solution = ClientPuzzle.solve(prf, challenge, puzzle.difficulty());
        PuzzleSolutionPayload valid = new PuzzleSolutionPayload(Bytes.wrap(solution));
        int shape = data.consumeInt(0, 5);
        List<Payload> clear = new ArrayList<>();
        byte[] request;
        switch (shape) {
            case 0 -> clear.add(new PuzzleSolutionPayload(Bytes.wrap(padTo4(data.consumeBytes(data.consumeInt(1, 320))))));
            case 1 -> {
                byte[] s = solution.clone();
                int n = data.consumeInt(1, 8);
                for (int i = 0; i < n; i++) s[data.consumeInt(0, s.length - 1)] = data.consumeByte();
                clear.add(new PuzzleSolutionPayload(Bytes.wrap(s)));
            }
            case 2 -> { }
            case 3 -> {
                clear.add(valid);
                clear.add(valid);
            }
            default -> clear.add(valid);
        }
        if (shape == 4) {
            int firstType = data.consumeInt(0, 255);
            request = IkeMessage.encodeProtected(IkeHeader.of(sa.spiI(), sa.spiR(), ExchangeType.IKE_AUTH, true, false, 1), clear,
                    List.of(), EngineFuzzing.rawChainProtector(INITIATOR.protector(sa), firstType, data.consumeRemainingAsBytes()));
        } else {
            request = INITIATOR.request(sa, ExchangeType.IKE_AUTH, 1, clear, IDI);
        }
        boolean solved = clear.size() == 1 && clear.getFirst() instanceof PuzzleSolutionPayload ps
                && ClientPuzzle.verify(prf, challenge, puzzle.difficulty(), ps.data().toByteArray());
        long unsolvedBefore = RESPONDER.defenceState().dropped(DropReason.PUZZLE_UNSOLVED)
                + RESPONDER.defenceState().dropped(DropReason.UNDECODABLE);
        long droppedBefore = RESPONDER.droppedCount();
        INITIATOR.send(request);

        Datagram answer = EngineFuzzing.awaitAnswer(INITIATOR, RESPONDER, droppedBefore, ANSWER_WAIT);
        // A late answer to an earlier input's IKE SA is no answer to this one.
        if (answer != null && IkeMessage.decode(answer.data().clone()).header().initiatorSpi() != sa.spiI()) {
            answer = EngineFuzzing.awaitAnswer(INITIATOR, RESPONDER, droppedBefore, ANSWER_WAIT);
        }
        if (!solved) {
            if (answer != null) throw new IllegalStateException("an answer to an IKE_AUTH without a valid solution (shape " + shape + ")");
            long unsolved = RESPONDER.defenceState().dropped(DropReason.PUZZLE_UNSOLVED) + RESPONDER.defenceState().dropped(DropReason.UNDECODABLE);
            if (unsolved != unsolvedBefore + 1) throw new IllegalStateException("a request without a valid solution not counted as such");
            REFUSED.incrementAndGet();
            return;
        }
        if (answer == null) {
            if (shape == 5) throw new IllegalStateException("no answer to an IKE_AUTH with the valid solution");
            return;
        }
        IkeMessage response = IkeMessage.decode(answer.data().clone());
        if (response.header().exchangeType() != ExchangeType.IKE_AUTH || !response.header().response()) {
            throw new IllegalStateException("answered with " + response.header());
        }
        ANSWERED.incrementAndGet();
    }

    /**
     * An IKE SA whose IKE_SA_INIT response demanded a puzzle for IKE_AUTH. The responder demands one only
     * while IKE_AUTHs fail (an IKE_AUTH flood): if it did not, an IKE_AUTH with a wrong AUTH fails first.
     */
    private static ScriptedInitiator.Sa withAuthPuzzle(Duration wait) throws Exception {
        ScriptedInitiator.Sa sa = INITIATOR.ikeSaInit(OFFER, wait);
        if (sa.authPuzzle().isPresent()) return sa;
        List<Payload> wrongAuth = new ArrayList<>(IDI);
        wrongAuth.add(new AuthenticationPayload(2, Bytes.wrap(new byte[32])));
        INITIATOR.send(INITIATOR.request(sa, ExchangeType.IKE_AUTH, 1, wrongAuth));
        if (INITIATOR.answer(wait) == null) throw new IllegalStateException("no answer to an IKE_AUTH with a wrong AUTH");
        sa = INITIATOR.ikeSaInit(OFFER, wait);
        if (sa.authPuzzle().isEmpty()) throw new IllegalStateException("no PUZZLE for IKE_AUTH while IKE_AUTHs fail");
        return sa;
    }

    /** A PS body must hold four keys of equal length (the payload refuses others); the fuzzer's bytes, zero-padded so. */
    private static byte[] padTo4(byte[] b) {
        return java.util.Arrays.copyOf(b, Math.max(4, (b.length + 3) / 4 * 4));
    }

    /** After the run: every IKE SA (waiting for IKE_AUTH, or refused) must be gone once the half-open timeout passed. */
    public static void fuzzerTearDown() throws InterruptedException {
        Thread.sleep(HALF_OPEN_TIMEOUT.plusMillis(1500));
        System.out.printf("AUTH_PUZZLE_FUZZ inputs=%d answered=%d refused=%d liveAfterTimeout=%d jobFailures=%d%n",
                inputs, ANSWERED.get(), REFUSED.get(), RESPONDER.ikeSas("fuzz").size(), EngineFuzzing.JOB_FAILURES.get());
        System.out.flush();
        RESPONDER.close();
    }
}
