package net.vpnaas.ike.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.ike.auth.AuthData;
import net.vpnaas.ike.auth.Prf;
import net.vpnaas.ike.auth.PskAuthenticator;
import net.vpnaas.ike.auth.SignedOctets;
import net.vpnaas.ike.cli.IdentityText;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.EspProposalConfig;
import net.vpnaas.ike.config.Identity;
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
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.message.TrafficSelectorPayload;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.ike.task.ProposalSelection;
import net.vpnaas.ike.task.TrafficSelectors;
import net.vpnaas.ike.transport.Datagram;

/**
 * Jazzer target for IKE_FOLLOWUP_KE requests (RFC 9370 2.2.4) to a real responder {@link IkeEngine}. Once, a
 * {@link ScriptedInitiator} sets up an IKE SA with it (IKE_SA_INIT, PSK IKE_AUTH with a Child SA). For each
 * input it asks for a new Child SA with PFS X25519 + ADDKE1 ML-KEM-768 in CREATE_CHILD_SA, takes the
 * responder's ADDITIONAL_KEY_EXCHANGE link, and sends one properly protected IKE_FOLLOWUP_KE request whose
 * content is fuzzed, one of
 * <ol start="0">
 *   <li>an arbitrary inner payload chain (first payload type and bytes from the fuzzer);</li>
 *   <li>one KE payload with a fuzzed method and Key Exchange Data, and the right link;</li>
 *   <li>a valid ML-KEM-768 encapsulation key with a fuzzed link (or none);</li>
 *   <li>the valid key with the right link.</li>
 * </ol>
 * Findings: an exception out of {@code receive} or in an IKE SA job; an answer that is not an IKE_FOLLOWUP_KE
 * response with KEr, INVALID_SYNTAX or STATE_NOT_FOUND; KEr to a request without the right link and exactly
 * one ML-KEM-768 KE; STATE_NOT_FOUND for the right link; and for the valid request anything but a KEr that
 * decapsulates. {@link #fuzzerTearDown} prints one {@code FOLLOWUP_FUZZ} line the JUnit test checks.
 */
public final class FollowupKeFuzzTarget {

    private static final InetAddress LOCAL = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress PEER = InetAddress.ofLiteral("198.51.100.1");
    private static final String IKE = "aes256gcm16-prfsha256-x25519";
    private static final EspProposalConfig ESP = ProposalParser.esp("aes256gcm16-x25519-ke1_mlkem768");
    private static final String PSK = "fuzzing is not a secret";
    private static final Identity ME = IdentityText.parse("@initiator.example");
    private static final List<TrafficSelector> TSI = List.of(ts("10.1.0.0", "10.1.255.255"));
    private static final List<TrafficSelector> TSR = List.of(ts("10.2.0.0", "10.2.255.255"));
    private static final Duration ANSWER_WAIT = Duration.ofMillis(500);
    private static final Duration LATE_ANSWER_WAIT = Duration.ofSeconds(3);

    private static final ScriptedInitiator INITIATOR = new ScriptedInitiator(LOCAL, PEER);
    private static final RandomSource RANDOM = RandomSource.secure();
    private static final AtomicLong KEY_EXCHANGES = new AtomicLong();
    private static final AtomicLong INVALID_SYNTAX = new AtomicLong();
    private static final AtomicLong STATE_NOT_FOUND = new AtomicLong();
    private static final AtomicLong UNANSWERED = new AtomicLong();
    private static IkeEngine RESPONDER;
    private static ScriptedInitiator.Sa SA;
    /** Our next request's message id: IKE_SA_INIT was 0. */
    private static long nextMessageId = 1;
    private static long inputs;

    private FollowupKeFuzzTarget() {}

    public static void fuzzerInitialize() {
        EngineFuzzing.quietLogsCatchingJobFailures();
        RESPONDER = new IkeEngine(INITIATOR.transport(), EngineFuzzing.NoDataPath.acceptingChildren(),
                RandomSource.secure(), new EngineOptions(4500, Integer.MAX_VALUE, Duration.ofSeconds(30), DefenceOptions.NONE));
        ConnectionConfig c = EngineFuzzing.config(IKE, LOCAL, PEER, "@responder.example", "@initiator.example",
                "10.2.0.0", "10.2.255.255", "10.1.0.0", "10.1.255.255");
        // The responder's patience for a follow-up is its own retransmission time (here 0.5 s): an input's
        // unfinished exchange does not keep state for long.
        RESPONDER.addConnection(new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), List.of(ESP), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), c.retransmit(),
                c.natTraversal(), c.fragmentSize(), c.ppk()));
        RESPONDER.start();
        INITIATOR.talkTo(RESPONDER);
        try {
            SA = INITIATOR.ikeSaInit(List.<IkeProposalConfig>of(ProposalParser.ike(IKE)), Duration.ofSeconds(5));
            authenticate();
        } catch (Exception e) {
            throw new IllegalStateException("could not set up the IKE SA to fuzz", e);
        }
    }

    /** IKE_AUTH with a PSK and the first Child SA (without it the responder would close the IKE SA). */
    private static void authenticate() throws Exception {
        byte[] restOfId = new byte[4 + ME.data().length];
        restOfId[0] = (byte) ME.typeCode();
        System.arraycopy(ME.data(), 0, restOfId, 4, ME.data().length);
        Prf prf = (key, data) -> SA.algorithms().prf().prf(key, data);
        AuthData auth = PskAuthenticator.authData(prf, PSK.getBytes(StandardCharsets.UTF_8),
                SignedOctets.initiator(SA.initRequest(), SA.nr(), prf, SA.keys().skPi(), restOfId));
        List<Payload> request = new ArrayList<>(List.of(new IdentificationPayload(true, ME.typeCode(), Bytes.wrap(ME.data())),
                new AuthenticationPayload(auth.method(), Bytes.wrap(auth.data()))));
        request.addAll(childRequest(false, null, null));
        List<Payload> answer = exchange(ExchangeType.IKE_AUTH, request).orElseThrow(() -> new IllegalStateException("no IKE_AUTH answer"));
        if (answer.stream().noneMatch(p -> p instanceof AuthenticationPayload)) throw new IllegalStateException("not authenticated: " + answer);
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws Exception {
        EngineFuzzing.rethrowJobFailure();
        inputs++;
        KeyExchange x25519 = KeyExchangeMethod.CURVE25519.newKeyExchange(RANDOM);
        List<Payload> created = exchange(ExchangeType.CREATE_CHILD_SA,
                childRequest(true, RANDOM.bytes(32), x25519)).orElseThrow(() -> new IllegalStateException("no CREATE_CHILD_SA answer"));
        Bytes link = created.stream().filter(p -> p instanceof NotifyPayload n && n.notifyType() == NotifyType.ADDITIONAL_KEY_EXCHANGE)
                .map(p -> ((NotifyPayload) p).data()).findFirst()
                .orElseThrow(() -> new IllegalStateException("CREATE_CHILD_SA answered without a link: " + created));

        int shape = data.consumeInt(0, 3);
        KeyExchange mlKem = KeyExchangeMethod.ML_KEM_768.newKeyExchange(RANDOM);
        KeyExchangePayload validKe = KeyExchangePayload.of(net.vpnaas.ike.message.KeyExchangeMethod.ML_KEM_768, Bytes.wrap(mlKem.publicValue()));
        List<Payload> inner = new ArrayList<>();
        int firstType = 0;
        byte[] rawChain = null;
        switch (shape) {
            case 0 -> {
                firstType = data.consumeBoolean() ? 34 : data.consumeInt(0, 255);
                rawChain = data.consumeRemainingAsBytes();
            }
            case 1 -> {
                inner.add(new KeyExchangePayload(data.consumeBoolean() ? 36 : data.consumeInt(0, 0xffff),
                        Bytes.wrap(data.consumeBytes(data.consumeInt(0, 2000)))));
                inner.add(NotifyPayload.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, link));
            }
            case 2 -> {
                inner.add(validKe);
                if (data.consumeBoolean()) {
                    byte[] other = data.consumeBytes(data.consumeInt(0, 64));
                    if (Bytes.wrap(other).equals(link)) other = new byte[] {1};
                    inner.add(new NotifyPayload(0, Bytes.EMPTY, NotifyType.ADDITIONAL_KEY_EXCHANGE.code(), Bytes.wrap(other)));
                }
            }
            default -> {
                inner.add(validKe);
                inner.add(NotifyPayload.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, link));
            }
        }
        long droppedBefore = RESPONDER.droppedCount();
        byte[] request = rawChain == null ? INITIATOR.request(SA, ExchangeType.IKE_FOLLOWUP_KE, nextMessageId, inner)
                : IkeMessage.encodeProtected(IkeHeader.of(SA.spiI(), SA.spiR(), ExchangeType.IKE_FOLLOWUP_KE, true, false, nextMessageId),
                        List.of(), EngineFuzzing.rawChainProtector(INITIATOR.protector(SA), firstType, rawChain));
        INITIATOR.send(request);
        Datagram answer = EngineFuzzing.awaitAnswer(INITIATOR, RESPONDER, droppedBefore, ANSWER_WAIT);
        if (answer == null && RESPONDER.droppedCount() == droppedBefore) {
            // Neither answered nor dropped: a slow responder (the first, cold, instrumented messages of a run) is still
            // at it. Its late answer uses up this message id, and taken as the next CREATE_CHILD_SA's it would fail that.
            answer = INITIATOR.answer(LATE_ANSWER_WAIT);
        }
        boolean valid = shape == 3;
        if (answer == null) {
            if (rawChain == null) throw new IllegalStateException("no answer to " + inner);
            UNANSWERED.incrementAndGet();
            return;
        }
        nextMessageId++;
        IkeMessage response = IkeMessage.decode(answer.data().clone());
        if (response.header().exchangeType() != ExchangeType.IKE_FOLLOWUP_KE || !response.header().response()) {
            throw new IllegalStateException("answered with " + response.header());
        }
        List<Payload> payloads = ScriptedInitiator.open(SA, answer);
        Optional<NotifyType> error = payloads.size() == 1 && payloads.getFirst() instanceof NotifyPayload n
                ? Optional.of(n.notifyType()) : Optional.empty();
        boolean rightLink = inner.stream().anyMatch(p -> p instanceof NotifyPayload n
                && n.notifyType() == NotifyType.ADDITIONAL_KEY_EXCHANGE && n.data().equals(link));
        if (error.filter(e -> e == NotifyType.INVALID_SYNTAX).isPresent()) {
            if (valid) throw new IllegalStateException("INVALID_SYNTAX for a valid request");
            INVALID_SYNTAX.incrementAndGet();
            return;
        }
        if (error.filter(e -> e == NotifyType.STATE_NOT_FOUND).isPresent()) {
            if (rightLink) throw new IllegalStateException("STATE_NOT_FOUND for the link just given: " + inner);
            STATE_NOT_FOUND.incrementAndGet();
            return;
        }
        if (payloads.size() != 1 || !(payloads.getFirst() instanceof KeyExchangePayload ke)
                || ke.methodCode() != KeyExchangeMethod.ML_KEM_768.id()) {
            throw new IllegalStateException("unexpected answer " + payloads);
        }
        List<KeyExchangePayload> sentKe = inner.stream().filter(p -> p instanceof KeyExchangePayload).map(p -> (KeyExchangePayload) p).toList();
        boolean oneKeOfTheMethod = sentKe.size() == 1 && sentKe.getFirst().methodCode() == KeyExchangeMethod.ML_KEM_768.id();
        if (rawChain == null && !(oneKeOfTheMethod && rightLink)) throw new IllegalStateException("a KE answer to " + inner);
        if (valid) {
            try {
                mlKem.sharedSecret(ke.data().toByteArray());
            } catch (InvalidPublicValueException e) {
                throw new IllegalStateException("the responder's ciphertext does not decapsulate", e);
            }
        }
        KEY_EXCHANGES.incrementAndGet();
    }

    public static void fuzzerTearDown() {
        System.out.printf("FOLLOWUP_FUZZ inputs=%d keyExchanges=%d invalidSyntax=%d stateNotFound=%d unanswered=%d ikeSas=%d jobFailures=%d%n",
                inputs, KEY_EXCHANGES.get(), INVALID_SYNTAX.get(), STATE_NOT_FOUND.get(), UNANSWERED.get(),
                RESPONDER.ikeSas("fuzz").size(), EngineFuzzing.JOB_FAILURES.get());
        System.out.flush();
        RESPONDER.close();
    }

    /** SA (ESP; with the KE and ADDKE transforms for PFS), [Ni, KEi,] TSi, TSr. */
    private static List<Payload> childRequest(boolean pfs, byte[] nonce, KeyExchange ke) {
        List<Payload> out = new ArrayList<>();
        Bytes spi = Bytes.wrap(RANDOM.bytes(4));
        out.add(new SecurityAssociationPayload(ProposalSelection.offerEsp(List.of(ESP), spi, pfs)));
        if (pfs) {
            out.add(new NoncePayload(Bytes.wrap(nonce)));
            out.add(KeyExchangePayload.of(net.vpnaas.ike.message.KeyExchangeMethod.of(ke.method().id()), Bytes.wrap(ke.publicValue())));
        }
        out.add(new TrafficSelectorPayload(true, TrafficSelectors.toWire(TSI)));
        out.add(new TrafficSelectorPayload(false, TrafficSelectors.toWire(TSR)));
        return out;
    }

    /**
     * One request with the next message id and its answer's payloads; empty without an answer. An input the
     * responder answered only after we stopped waiting (a very loaded machine) used up its message id, and
     * the responder takes a request with that id for its retransmission and answers it with the cached
     * answer: such late answers are skipped, and the request goes again with the id after theirs.
     */
    private static Optional<List<Payload>> exchange(ExchangeType type, List<Payload> inner) throws Exception {
        long id = nextMessageId;
        INITIATOR.send(INITIATOR.request(SA, type, id, inner));
        while (true) {
            Datagram d = INITIATOR.answer(Duration.ofSeconds(5));
            if (d == null) return Optional.empty();
            IkeHeader answered = IkeMessage.decode(d.data().clone()).header();
            if (answered.messageId() == id && answered.exchangeType() == type) {
                nextMessageId = id + 1;
                return Optional.of(ScriptedInitiator.open(SA, d));
            }
            if (answered.messageId() >= id) {
                id = answered.messageId() + 1;
                INITIATOR.send(INITIATOR.request(SA, type, id, inner));
            }
        }
    }

    private static TrafficSelector ts(String from, String to) {
        return new TrafficSelector(InetAddress.ofLiteral(from), InetAddress.ofLiteral(to), 0, 0, 65535);
    }
}
