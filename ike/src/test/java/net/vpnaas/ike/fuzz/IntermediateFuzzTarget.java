package net.vpnaas.ike.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.DefenceOptions;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.engine.ScriptedInitiator;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.transport.Datagram;

/**
 * Jazzer target for IKE_INTERMEDIATE requests (RFC 9242) carrying an additional key exchange
 * (RFC 9370, ML-KEM-768), sent to a real responder {@link IkeEngine} through {@link IkeEngine#receive}.
 * For each input a {@link ScriptedInitiator} does IKE_SA_INIT with the responder (X25519, ADDKE1
 * ML-KEM-768, INTERMEDIATE_EXCHANGE_SUPPORTED) and sends one properly protected IKE_INTERMEDIATE
 * request whose content is fuzzed, one of
 * <ol start="0">
 *   <li>an arbitrary inner payload chain (first payload type and bytes from the fuzzer);</li>
 *   <li>one KE payload with a fuzzed method and fuzzed Key Exchange Data;</li>
 *   <li>a valid ML-KEM-768 encapsulation key with up to eight bytes overwritten (the modulus check),
 *       possibly followed by a second KE payload or a notification;</li>
 *   <li>the valid encapsulation key unchanged.</li>
 * </ol>
 * Findings: an exception out of {@code receive} or in an IKE SA job, an answer other than the
 * responder's KE or INVALID_SYNTAX, a KE answer to a request without exactly one KE of ML-KEM-768, and
 * for the valid request anything but a KE answer that decapsulates. At the end, {@link #fuzzerTearDown} waits
 * out the half-open timeout and prints one {@code INTERMEDIATE_FUZZ} line the JUnit test checks:
 * no IKE SA may be left.
 */
public final class IntermediateFuzzTarget {

    static final Duration HALF_OPEN_TIMEOUT = Duration.ofSeconds(1);
    private static final InetAddress LOCAL = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress PEER = InetAddress.ofLiteral("198.51.100.1");
    private static final String PROPOSALS = "aes256gcm16-prfsha256-x25519-ke1_mlkem768";
    private static final List<IkeProposalConfig> OFFER = List.of(ProposalParser.ike(PROPOSALS));
    private static final Duration ANSWER_WAIT = Duration.ofMillis(200);

    private static final ScriptedInitiator INITIATOR = new ScriptedInitiator(LOCAL, PEER);
    private static final RandomSource RANDOM = RandomSource.secure();
    private static final AtomicLong KEY_EXCHANGES = new AtomicLong();
    private static final AtomicLong INVALID_SYNTAX = new AtomicLong();
    private static final AtomicLong UNANSWERED = new AtomicLong();
    private static IkeEngine RESPONDER;
    private static long inputs;

    private IntermediateFuzzTarget() {}

    public static void fuzzerInitialize() {
        EngineFuzzing.quietLogsCatchingJobFailures();
        // No cookies, puzzles or half-open limits: every input, all from one address, sets up an IKE SA,
        // and the DoS defences are not what this target is about (ResponderFirstPacketFuzzTarget's are).
        RESPONDER = new IkeEngine(INITIATOR.transport(), new EngineFuzzing.NoDataPath(),
                RandomSource.secure(), new EngineOptions(4500, Integer.MAX_VALUE, HALF_OPEN_TIMEOUT, DefenceOptions.NONE));
        RESPONDER.addConnection(EngineFuzzing.config(PROPOSALS, LOCAL, PEER, "@responder.example", "@initiator.example",
                "10.2.0.0", "10.2.255.255", "10.1.0.0", "10.1.255.255"));
        RESPONDER.start();
        INITIATOR.talkTo(RESPONDER);
        warmUp();
    }

    /**
     * One valid exchange before the fuzzing: the first loads (and Jazzer instruments) the classes on the
     * responder's IKE_INTERMEDIATE path, which on a loaded machine takes longer than {@link #ANSWER_WAIT},
     * and the first valid input would count as unanswered.
     */
    private static void warmUp() {
        try {
            ScriptedInitiator.Sa sa = INITIATOR.ikeSaInit(OFFER, ANSWER_WAIT.multipliedBy(50));
            KeyExchange ke = KeyExchangeMethod.ML_KEM_768.newKeyExchange(RANDOM);
            INITIATOR.send(INITIATOR.request(sa, ExchangeType.IKE_INTERMEDIATE, 1, List.of(
                    KeyExchangePayload.of(net.vpnaas.ike.message.KeyExchangeMethod.ML_KEM_768, Bytes.wrap(ke.publicValue())))));
            if (INITIATOR.answer(ANSWER_WAIT.multipliedBy(50)) == null) throw new IllegalStateException("no answer to the warm-up exchange");
        } catch (Exception e) {
            throw new IllegalStateException("warm-up", e);
        }
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws Exception {
        EngineFuzzing.rethrowJobFailure();
        inputs++;
        ScriptedInitiator.Sa sa = INITIATOR.ikeSaInit(OFFER, ANSWER_WAIT.multipliedBy(10));
        if (sa.algorithms().additional().size() != 1) throw new IllegalStateException("the responder chose " + sa.algorithms());
        int shape = data.consumeInt(0, 3);
        KeyExchange initiator = KeyExchangeMethod.ML_KEM_768.newKeyExchange(RANDOM);
        List<Payload> inner = new ArrayList<>();
        int firstType = 0;
        byte[] rawChain = null;
        switch (shape) {
            case 0 -> {
                firstType = data.consumeBoolean() ? 34 : data.consumeInt(0, 255);
                rawChain = data.consumeRemainingAsBytes();
            }
            case 1 -> inner.add(new KeyExchangePayload(data.consumeBoolean() ? 36 : data.consumeInt(0, 0xffff),
                    Bytes.wrap(data.consumeBytes(data.consumeInt(0, 2000)))));
            case 2 -> {
                byte[] ek = initiator.publicValue();
                int n = data.consumeInt(1, 8);
                for (int i = 0; i < n; i++) ek[data.consumeInt(0, ek.length - 1)] = data.consumeByte();
                inner.add(KeyExchangePayload.of(net.vpnaas.ike.message.KeyExchangeMethod.ML_KEM_768, Bytes.wrap(ek)));
                switch (data.consumeInt(0, 2)) {
                    case 1 -> inner.add(KeyExchangePayload.of(net.vpnaas.ike.message.KeyExchangeMethod.ML_KEM_768, Bytes.wrap(ek)));
                    case 2 -> inner.add(new NotifyPayload(0, Bytes.EMPTY, data.consumeInt(0, 0xffff), Bytes.wrap(data.consumeBytes(16))));
                    default -> { }
                }
            }
            default -> inner.add(KeyExchangePayload.of(net.vpnaas.ike.message.KeyExchangeMethod.ML_KEM_768,
                    Bytes.wrap(initiator.publicValue())));
        }
        byte[] request = rawChain == null ? INITIATOR.request(sa, ExchangeType.IKE_INTERMEDIATE, 1, inner)
                : IkeMessage.encodeProtected(IkeHeader.of(sa.spiI(), sa.spiR(), ExchangeType.IKE_INTERMEDIATE, true, false, 1),
                        List.of(), EngineFuzzing.rawChainProtector(INITIATOR.protector(sa), firstType, rawChain));
        long droppedBefore = RESPONDER.droppedCount();
        INITIATOR.send(request);

        Datagram answer = EngineFuzzing.awaitAnswer(INITIATOR, RESPONDER, droppedBefore, ANSWER_WAIT);
        boolean validRequest = shape == 3;
        if (answer == null) {
            if (validRequest) throw new IllegalStateException("no answer to a valid IKE_INTERMEDIATE request");
            UNANSWERED.incrementAndGet();
            return;
        }
        IkeMessage response = IkeMessage.decode(answer.data().clone());
        if (response.header().exchangeType() != ExchangeType.IKE_INTERMEDIATE || !response.header().response()) {
            throw new IllegalStateException("answered with " + response.header());
        }
        // Its answer is protected with the keys of the exchange, not yet the updated ones.
        List<Payload> payloads = ScriptedInitiator.open(sa, answer);
        if (payloads.size() == 1 && payloads.getFirst() instanceof NotifyPayload n && n.notifyType() == NotifyType.INVALID_SYNTAX) {
            if (validRequest) throw new IllegalStateException("INVALID_SYNTAX for a valid request");
            INVALID_SYNTAX.incrementAndGet();
            return;
        }
        if (payloads.size() != 1 || !(payloads.getFirst() instanceof KeyExchangePayload ke)
                || ke.methodCode() != KeyExchangeMethod.ML_KEM_768.id()) {
            throw new IllegalStateException("unexpected answer " + payloads);
        }
        List<KeyExchangePayload> sentKe = inner.stream().filter(p -> p instanceof KeyExchangePayload)
                .map(p -> (KeyExchangePayload) p).toList();
        boolean oneKeOfTheMethod = sentKe.size() == 1 && sentKe.getFirst().methodCode() == KeyExchangeMethod.ML_KEM_768.id();
        if (!oneKeOfTheMethod && rawChain == null) throw new IllegalStateException("a KE answer to " + inner);
        if (validRequest) {
            try {
                initiator.sharedSecret(ke.data().toByteArray());
            } catch (InvalidPublicValueException e) {
                throw new IllegalStateException("the responder's ciphertext does not decapsulate", e);
            }
        }
        KEY_EXCHANGES.incrementAndGet();
    }

    /** After the run: every IKE SA (waiting for IKE_AUTH, or refused) must be gone once the half-open timeout passed. */
    public static void fuzzerTearDown() throws InterruptedException {
        Thread.sleep(HALF_OPEN_TIMEOUT.plusMillis(1500));
        System.out.printf("INTERMEDIATE_FUZZ inputs=%d keyExchanges=%d invalidSyntax=%d unanswered=%d liveAfterTimeout=%d jobFailures=%d%n",
                inputs, KEY_EXCHANGES.get(), INVALID_SYNTAX.get(), UNANSWERED.get(), RESPONDER.ikeSas("fuzz").size(),
                EngineFuzzing.JOB_FAILURES.get());
        System.out.flush();
        RESPONDER.close();
    }
}
