package net.vpnaas.ike.engine;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.logging.Logger;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.config.HighAvailability;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.crypto.ClientPuzzle;
import net.vpnaas.ike.crypto.IntegrityCheckException;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.crypto.SkCipher;
import net.vpnaas.ike.exchange.ExchangeHost;
import net.vpnaas.ike.exchange.Mailbox;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.exchange.SkProtection;
import net.vpnaas.ike.exchange.TaskManager;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.EncryptedFragmentPayload;
import net.vpnaas.ike.message.EncryptedPayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.FragmentReassembler;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.InvalidIkeSpiAnswer;
import net.vpnaas.ike.message.MessageFragmenter;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PayloadChain;
import net.vpnaas.ike.message.PayloadProtector;
import net.vpnaas.ike.message.PayloadRules;
import net.vpnaas.ike.message.ProtocolId;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.message.TrafficSelectorPayload;
import net.vpnaas.ike.qkd.QkdKey;
import net.vpnaas.ike.qkd.QkdKeyExchange;
import net.vpnaas.ike.qkd.QkdKeyUnavailableException;
import net.vpnaas.ike.qkd.QkdProposals;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.IkeSaKeys;
import net.vpnaas.ike.sa.PpkUse;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaLifetime;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.ike.sync.ChildSaState;
import net.vpnaas.ike.sync.IkeSaState;
import net.vpnaas.ike.task.AdditionalKeyExchangeTask;
import net.vpnaas.ike.task.CertificateAuthTask;
import net.vpnaas.ike.task.CertificateRequestTask;
import net.vpnaas.ike.task.ChildCreateTask;
import net.vpnaas.ike.task.ChildRekeyResponder;
import net.vpnaas.ike.task.ChildRekeyTask;
import net.vpnaas.ike.task.DeleteChildTask;
import net.vpnaas.ike.task.DeleteIkeTask;
import net.vpnaas.ike.task.DpdTask;
import net.vpnaas.ike.task.EapResponderTask;
import net.vpnaas.ike.task.HighAvailabilitySupportTask;
import net.vpnaas.ike.task.IkeInitTask;
import net.vpnaas.ike.task.IkeRekeyTask;
import net.vpnaas.ike.task.InformationalResponder;
import net.vpnaas.ike.task.IntermediatePpkTask;
import net.vpnaas.ike.task.InvalidSyntaxResponder;
import net.vpnaas.ike.task.NatDetectionTask;
import net.vpnaas.ike.task.NullAuthTask;
import net.vpnaas.ike.task.PaceAuthTask;
import net.vpnaas.ike.task.PskAuthTask;
import net.vpnaas.ike.task.QcdTokenUpdateTask;
import net.vpnaas.ike.task.QuickCrashDetectionTask;
import net.vpnaas.ike.task.SecurePasswordMethodsTask;
import net.vpnaas.ike.task.SignatureHashAlgorithmsTask;
import net.vpnaas.ike.task.StateNotFoundResponder;
import net.vpnaas.ike.task.Task;
import net.vpnaas.ike.task.TaskContext;
import net.vpnaas.ike.task.TrafficSelectors;
import net.vpnaas.ike.task.UsePpkTask;
import net.vpnaas.ike.transport.Carrier;
import net.vpnaas.ike.transport.Datagram;

/**
 * The runtime of one IKE SA: its state, its task manager, its mailbox and its timers. Every method
 * except {@link #deliver} and {@link #submit} runs on the mailbox, one at a time.
 */
final class IkeSession implements ExchangeHost, TaskContext {
    private static final Logger LOG = Logger.getLogger(IkeSession.class.getName());
    /** How {@link #noteRefusals} names a refusal of ours (and tells it from the peer's). */
    private static final String WE_SENT = "we sent ";
    /** Anti-replay window handed to the data path, strongSwan's default. */
    private static final int REPLAY_WINDOW = 32;
    /** Base delay before retrying a rekey the peer refused with TEMPORARY_FAILURE (RFC 7296 2.25). */
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    /**
     * Bounds of one reassembly. 64 KiB is the most an SK payload could carry unfragmented; 64 fragments
     * of even 576-byte datagrams hold well over the largest IKE_AUTH we meet (RSA 4096 chains of a few
     * certificates, about 8 KB), so only a peer trying to make us buffer hits them.
     */
    private static final int MAX_FRAGMENTS = 64;
    private static final int MAX_REASSEMBLED_BYTES = 64 * 1024;
    /** An incomplete message is dropped after this: the peer retransmits all fragments well before (RFC 7383 2.6). */
    private static final Duration REASSEMBLY_TIMEOUT = Duration.ofSeconds(30);

    private final IkeEngine engine;
    /** The connection; for a responder with several candidates, provisional until IKE_AUTH names the peer. */
    private volatile ConnectionConfig config;
    /** Whether {@link #config} is known to be this IKE SA's connection (always, except as above). */
    private volatile boolean settled;
    private final IkeSa sa;
    private final Mailbox mailbox;
    /** The datagrams the current mailbox job sent, while held for replication (see {@link #turn}); else null. */
    private List<Datagram> held;
    /** Whether a datagram was held after the listener last took this IKE SA's state. */
    private boolean heldSinceExport;
    /** Whether the listener refused this step's state: its held datagrams are dropped. */
    private boolean fenced;
    private final TaskManager tasks;
    /** Received fragments, one message at a time per direction (RFC 7383 2.6), within fixed bounds. */
    private final FragmentReassembler requestFragments = new FragmentReassembler(MAX_FRAGMENTS, MAX_REASSEMBLED_BYTES);
    private final FragmentReassembler responseFragments = new FragmentReassembler(MAX_FRAGMENTS, MAX_REASSEMBLED_BYTES);
    private Instant lastReceived = Instant.now();
    private boolean rekeyTimerArmed;
    /** Set while the task manager answers a request that failed the payload rules. */
    private boolean syntaxError;
    /** The last refusal seen before this IKE SA was up, for the event that reports its end. */
    private EngineEvent.Failure failure;
    /** Why our authentication check failed or the peer refused ours, as a task said: the end's reason. */
    private String authenticationFailure;
    /** IkeUp was reported (or, for a rekeyed successor, IkeRekeyed instead). */
    private boolean announced;
    /** The IKE SA ends because its peer stopped answering. */
    private boolean peerDead;
    /** Something came from the peer (an answer, a COOKIE): UDP reaches it, no fallback to TCP. */
    private boolean heardFromPeer;
    /** Sends (first ones and retransmissions, see {@link #resend}) while nothing came from the peer. */
    private int unansweredSends;
    /** Policies of Child SAs removed from now on stay in the data path as traps (DPD action HOLD). */
    private boolean trapPolicies;
    /** For {@link #view}: when this IKE SA was established, when its own and its Child SAs' rekeys are due, when it expires. */
    private Instant establishedAt;
    private Instant ikeRekeyAt;
    private Instant ikeExpiresAt;
    private final Map<Long, Instant> childRekeyAt = new HashMap<>();
    /** As initiator: the QKD key taken before offering QKD, for the IKE SA's additional key exchange. */
    private QkdKey qkdKeyForIkeSa;
    /** Why a key exchange that needed a QKD key found none, for the reason this IKE SA ends with. */
    private String qkdRefusal;
    /** As responder: the task that takes the IKE_AUTH requests after the first (EAP), null otherwise. */
    private Task ikeAuthContinuation;
    /** As responder: the tasks waiting for the peer's IKE_FOLLOWUP_KE requests, by the link they carry. */
    private final Map<Bytes, Task> awaitingFollowups = new HashMap<>();
    /** RFC 6311: the Message ID sync with Message ID 0, in either role. */
    private final MessageIdSync messageIdSync = new MessageIdSync(this);
    /** As responder: the initiator solved our IKE_SA_INIT puzzle, so it knows puzzles (RFC 8019 7.2.1). */
    private volatile boolean solvedInitPuzzle;
    /** As responder: an IKE_AUTH of this initiator that knows no puzzles got past the legacy share once. */
    private boolean legacyAuthAdmitted;

    IkeSession(IkeEngine engine, ConnectionConfig config, IkeSa sa) {
        this(engine, config, sa, true);
    }

    /** @param settled false for a responder that may be one of several connections to the peer's address */
    IkeSession(IkeEngine engine, ConnectionConfig config, IkeSa sa, boolean settled) {
        this.engine = engine;
        this.config = config;
        this.settled = settled;
        this.sa = sa;
        this.mailbox = new Mailbox(engine.threads());
        this.tasks = new TaskManager(this);
    }

    /** As responder: the IKE_SA_INIT request that created this IKE SA solved our puzzle. */
    void solvedInitPuzzle() {
        solvedInitPuzzle = true;
    }

    /** Whether {@link #config()} is surely this IKE SA's connection, so its events belong to that tunnel. */
    boolean settled() {
        return settled;
    }

    /** Whether IkeUp (or IkeRekeyed) was reported: the IKE SA was established, so a standby may hold it. */
    boolean announcedUp() {
        return announced;
    }

    /** Whether the peer authenticated (its identity is known), even if the IKE SA is rekeyed or deleting by now. */
    boolean authenticated() {
        return sa.remoteIdentity() != null && sa.state() != IkeSa.State.DEAD;
    }

    /** Runs {@code job} on this IKE SA's mailbox. */
    void submit(Runnable job) {
        mailbox.execute(() -> turn(job));
    }

    void deliver(IkeMessage message, Datagram d) {
        mailbox.execute(() -> turn(() -> handle(message, d)));
    }

    /**
     * One job of the mailbox. While a cluster replicates (a {@link net.vpnaas.ike.sync.SaStateListener} is
     * set), what the job sends is held until the job is over and the listener has taken the state it leads to
     * (it returns once the standbys have it, or gave up on them): a response or request never leaves before
     * the state that produced it can be continued by a standby, so a takeover never lags the peer by a
     * whole exchange. Without a listener, datagrams leave at once, as they always did.
     */
    private void turn(Runnable job) {
        if (!engine.replicating()) {
            job.run();
            return;
        }
        held = new ArrayList<>();
        heldSinceExport = false;
        fenced = false;
        try {
            job.run();
        } finally {
            List<Datagram> out = held;
            held = null;
            // A job that sent but changed no exported state (a retransmission, a request started by a timer)
            // still reports the state once, so the listener sees every exchange before it leaves.
            if (heldSinceExport && !fenced && sa.state() == IkeSa.State.ESTABLISHED) engine.stateChanged(this);
            if (!fenced) out.forEach(engine::transmit);
        }
    }

    /** The listener took this IKE SA's state: what was held so far may leave with it. */
    void exported() {
        heldSinceExport = false;
    }

    /** The listener refused the state ({@link net.vpnaas.ike.sync.SendsFenced}): this step sends nothing. */
    void fenced() {
        fenced = true;
    }

    /** Starts IKE_SA_INIT + IKE_AUTH with the connection's Child SA. */
    void startInitiator() {
        if (config.authentication() instanceof Authentication.Eap) {
            failed("connection " + config.name() + " takes EAP clients: it only responds");
            return;
        }
        if (!takeQkdKey()) return;
        // The additional key exchanges follow IKE_SA_INIT directly: the IKE_AUTH tasks wait through them.
        List<Task> setup = new ArrayList<>(List.of(new IkeInitTask(this, true), new UsePpkTask(this, true),
                new IntermediatePpkTask(this, true), new AdditionalKeyExchangeTask(this, true), new NatDetectionTask(this, true)));
        switch (config.authentication()) {
            case Authentication.Certificates c -> setup.addAll(List.of(new SignatureHashAlgorithmsTask(this, true), new CertificateAuthTask(this, true)));
            case Authentication.Psk p -> setup.add(new PskAuthTask(this, true));
            case Authentication.Null n -> setup.add(new NullAuthTask(this, true));
            // PACE takes two IKE_AUTH exchanges and runs the Child SA itself (its answer comes in the second);
            // no QCD token or RFC 6311 sync, which the other tasks would miss in the first answer.
            case Authentication.Password p -> setup.addAll(List.of(new SecurePasswordMethodsTask(this, true), new PaceAuthTask(this, true)));
            case Authentication.Eap e -> throw new IllegalStateException("refused above");
        }
        if (!(config.authentication() instanceof Authentication.Password)) {
            setup.addAll(List.of(new ChildCreateTask(this, true), new QuickCrashDetectionTask(this, true),
                    new HighAvailabilitySupportTask(this, true)));
        }
        tasks.queueTogether(setup);
        tasks.initiate();
    }

    /**
     * Before it offers QKD the initiator takes its key (ETSI GS QKD 014 enc_keys), so a KME without keys
     * is known before the offer: it then offers the fallback (QKD left out, see {@link QkdProposals})
     * and the IKE SA's quantum safety says so, or, when nothing is left to offer, the IKE SA fails with
     * the KME's reason. A key taken for an offer the peer answers otherwise (or not at all) is wasted;
     * only this gateway's own attempts can waste keys that way, never a stranger's requests.
     */
    private boolean takeQkdKey() {
        if (!QkdProposals.offerQkd(config.ikeProposals())) return true;
        try {
            qkdKeyForIkeSa = config.qkd().newKey();
            return true;
        } catch (QkdKeyUnavailableException e) {
            List<IkeProposalConfig> fallback = QkdProposals.withoutQkd(config.ikeProposals());
            if (fallback.isEmpty()) {
                failed("no QKD key from the KME and no fallback in the policy: " + e.getMessage());
                return false;
            }
            LOG.warning(() -> sa + ": no QKD key from the KME (" + e.getMessage() + "), offering the fallback without QKD");
            config = config.withIkeProposals(fallback);
            sa.qkdFellBack(e.getMessage());
            return true;
        }
    }

    /**
     * When to fall back: RFC 9329 wants UDP tried first and TCP when UDP fails, but leaves when to the
     * implementation. Waiting for every retransmission (with the defaults 6 sends over almost three
     * minutes) keeps a site behind a UDP-dropping network dark for that long; giving up on the first
     * lost datagram would move ordinary packet loss onto TCP. So: when the first two sends of our
     * IKE_SA_INIT both went unanswered (4 s + 7.2 s with the default retransmissions), the third goes
     * as a new IKE SA over TCP. Driven by the retransmissions themselves, so it follows the
     * connection's retransmit settings.
     */
    private boolean fallbackDue(boolean givingUp) {
        return sa.originalInitiator() && !heardFromPeer && sa.carrier() == Carrier.UDP && sa.state() != IkeSa.State.DEAD
                && config.natTraversal().transport().fallsBackToTcp() && (givingUp || ++unansweredSends > 2);
    }

    /** A new IKE SA over TCP replaces this one, which ends quietly (no tunnel went down: it never came up). */
    private void fallBackToTcp() {
        LOG.info(() -> sa + ": no answer over UDP from " + sa.remoteAddress() + "; falling back to TCP port "
                + config.natTraversal().transport().tcpPort());
        tasks.stop();
        sa.state(IkeSa.State.DEAD);
        engine.forget(this);
        engine.fallBackToTcp(this);
    }

    /** The responder's IKE_SA_INIT tasks beside the key exchange's: what its authentication method needs announced. */
    private List<Task> initAuthTasks() {
        return switch (config.authentication()) {
            case Authentication.Certificates c -> List.of(new SignatureHashAlgorithmsTask(this, false), new CertificateRequestTask(this));
            case Authentication.Eap e -> e.certificate().isPresent() ? List.of(new SignatureHashAlgorithmsTask(this, false)) : List.of();
            case Authentication.Password p -> List.of(new SecurePasswordMethodsTask(this, false));
            case Authentication.Psk _, Authentication.Null _ -> List.of();
        };
    }

    /** The responder's tasks of a (first) IKE_AUTH request, by the connection's authentication method. */
    private List<Task> authTasks() {
        return switch (config.authentication()) {
            case Authentication.Certificates c -> List.of(new CertificateAuthTask(this, false), new ChildCreateTask(this, false),
                    new QuickCrashDetectionTask(this, false), new HighAvailabilitySupportTask(this, false));
            case Authentication.Psk p -> List.of(new PskAuthTask(this, false), new ChildCreateTask(this, false),
                    new QuickCrashDetectionTask(this, false), new HighAvailabilitySupportTask(this, false));
            case Authentication.Null n -> List.of(new NullAuthTask(this, false), new ChildCreateTask(this, false),
                    new QuickCrashDetectionTask(this, false), new HighAvailabilitySupportTask(this, false));
            // The Child SA is negotiated in the last of its IKE_AUTH exchanges: the EAP task runs it. Remote-access
            // clients get neither QCD tokens nor RFC 6311 sync: those are for site-to-site peers of a cluster.
            case Authentication.Eap e -> List.of(new EapResponderTask(this));
            // Both PACE exchanges go to this task, which answers the Child SA in the second (no QCD, no RFC 6311, as above).
            case Authentication.Password p -> List.of(new PaceAuthTask(this, false));
        };
    }

    void queueAndInitiate(Task t) {
        tasks.queue(t);
        tasks.initiate();
    }

    private void handle(IkeMessage message, Datagram d) {
        if (sa.state() == IkeSa.State.DEAD) return;
        heardFromPeer = true;
        IkeHeader h = message.header();
        List<Payload> payloads;
        FragmentReassembler.Reassembled inner = null; // the decrypted inner chain of a protected message
        if (h.exchangeType() == ExchangeType.IKE_SA_INIT) {
            payloads = message.payloads();
            if (h.response()) sa.initMessages(sa.initiatorInitMessage(), d.data());
            else sa.initMessages(d.data(), sa.responderInitMessage());
        } else {
            if (sa.keys() == null) {
                engine.dropped("encrypted message before keys", d);
                return;
            }
            if (!admittedToAuth(message, d)) return;
            IkeSaKeys keys = sa.keysFor(!h.response(), h.messageId());
            SkCipher peer = h.initiator() ? keys.initiatorCipher() : keys.responderCipher();
            Optional<FragmentReassembler.Reassembled> opened = message.encryptedPayload().orElse(null) instanceof EncryptedFragmentPayload skf
                    ? reassemble(message, skf, peer, d) : open(message, peer, d);
            if (opened.isEmpty()) return;
            inner = opened.get();
            try {
                payloads = inner.decode();
            } catch (IkeDecodeException e) {
                engine.dropped(e.getMessage(), d);
                return;
            }
            try {
                PayloadRules.checkInner(h, payloads);
            } catch (IkeDecodeException e) {
                // Authentic but malformed: a request is answered with INVALID_SYNTAX (RFC 7296 2.21), a response dropped.
                engine.dropped(e.getMessage(), d);
                if (h.response()) return;
                LOG.info(() -> MessageLog.line(false, h, payloads, d.remote()) + " is malformed: " + e.getMessage());
                syntaxError = true;
                try {
                    tasks.onRequest(new ReceivedMessage(h, payloads, d));
                } finally {
                    syntaxError = false;
                }
                return;
            }
        }
        LOG.info(() -> MessageLog.line(false, h, payloads, d.remote()));
        if (MessageIdSync.isSync(h.exchangeType(), h.messageId(), payloads)) {
            lastReceived = Instant.now();
            if (h.response()) messageIdSync.onResponse(payloads);
            else messageIdSync.onRequest(payloads);
            return;
        }
        boolean taken = h.response() ? tasks.awaitsResponse(h.messageId()) : tasks.awaitsRequest(h.messageId());
        if (h.exchangeType() == ExchangeType.IKE_INTERMEDIATE && taken) {
            // RFC 9242 IntAuth covers each message once, as the task manager takes it: not a retransmitted request
            // or a late response. With the keys that protected it (the responder switches only after answering).
            sa.intermediateAuth().add(h.initiator(), sa.keys(),
                    IkeMessage.intermediateAuthenticatedOctets(h, inner.firstInnerPayloadType(), inner.chain()));
        }
        noteRefusals(payloads, "the peer sent ");
        lastReceived = Instant.now();
        ReceivedMessage m = new ReceivedMessage(h, payloads, d);
        if (h.response()) {
            tasks.onResponse(m);
        } else {
            if (h.exchangeType() == ExchangeType.IKE_AUTH && !sa.originalInitiator() && sa.state() == IkeSa.State.CONNECTING
                    && engine.droppedAsFailingSource(d)) {
                return; // before the AUTH check, the expensive part (RFC 8019 section 4.2)
            }
            if (sa.keys() != null && h.exchangeType() != ExchangeType.IKE_SA_INIT) followPeer(d);
            if (!settled && h.exchangeType() == ExchangeType.IKE_AUTH) settleConnection(payloads);
            tasks.onRequest(m);
        }
        afterEvent();
    }

    /**
     * The responder's puzzle check of IKE_AUTH (RFC 8019 7.2.4), before anything else is done with the
     * request (its decryption, the AUTH check, the Child SA): if our IKE_SA_INIT response demanded a puzzle,
     * each IKE_AUTH request (its first fragment) must carry the solution, PS in front of SK, which four PRF
     * calls check; one without it or with a wrong one is dropped unanswered. Later fragments go on to
     * reassembly, which needs the checked first one. Under puzzles, an initiator that knows no puzzles (it
     * solved none in IKE_SA_INIT, so it got none for IKE_AUTH) is still served, after those that solved: by
     * chance, the less often the higher the load, as at IKE_SA_INIT.
     */
    private boolean admittedToAuth(IkeMessage message, Datagram d) {
        IkeHeader h = message.header();
        if (h.exchangeType() != ExchangeType.IKE_AUTH || h.response() || sa.originalInitiator() || sa.state() != IkeSa.State.CONNECTING) {
            return true;
        }
        PuzzleNotification puzzle = sa.authPuzzle();
        if (puzzle == null) {
            if (solvedInitPuzzle || legacyAuthAdmitted || engine.legacyAuthServed()) {
                legacyAuthAdmitted = true;
                return true;
            }
            engine.dropped(DropReason.LEGACY_CROWDED, "IKE_AUTH without puzzle support under puzzles", d);
            return false;
        }
        if (message.encryptedPayload().orElse(null) instanceof EncryptedFragmentPayload f && f.fragmentNumber() != 1) return true;
        Optional<PuzzleSolutionPayload> solution = message.first(PuzzleSolutionPayload.class);
        Optional<PrfAlgorithm> prf = PrfAlgorithm.byId(puzzle.prfId());
        if (solution.isEmpty() || prf.isEmpty() || !ClientPuzzle.verify(prf.get(), ClientPuzzle.ikeAuthChallenge(sa.nr(), sa.responderSpi()),
                puzzle.difficulty(), solution.get().data().toByteArray())) {
            engine.dropped(DropReason.PUZZLE_UNSOLVED, "IKE_AUTH without a solution of our puzzle of difficulty " + puzzle.difficulty(), d);
            return false;
        }
        return true;
    }

    /**
     * IKE_AUTH names the peer (IDi, and perhaps which of our identities it wants, IDr): of the
     * connections to its address, the IKE SA takes the one for that identity pair, before the auth
     * task checks AUTH with that connection's credentials. Without one it keeps the provisional
     * connection, whose identity check refuses the peer.
     */
    private void settleConnection(List<Payload> payloads) {
        Optional<Identity> idi = identity(payloads, true);
        if (idi.isEmpty()) return;
        engine.responderConnection(sa, idi.get(), identity(payloads, false), selectors(payloads, true),
                selectors(payloads, false)).ifPresentOrElse(c -> {
            config = c;
            settled = true;
            LOG.info(() -> sa + ": " + idi.get() + " is the peer of connection " + c.name());
        }, () -> LOG.info(() -> sa + ": no connection from " + sa.remoteAddress().getAddress().getHostAddress()
                + " is for peer " + idi.get()));
    }

    private static Optional<Identity> identity(List<Payload> payloads, boolean initiator) {
        return payloads.stream().filter(p -> p instanceof IdentificationPayload i && i.initiator() == initiator)
                .map(p -> (IdentificationPayload) p).findFirst()
                .map(i -> new Identity(i.idTypeCode(), i.data().toByteArray()));
    }

    /** The traffic selectors a Child SA proposal names for the initiator's ({@code TSi}) or the responder's side ({@code TSr}). */
    private static List<TrafficSelector> selectors(List<Payload> payloads, boolean initiator) {
        return payloads.stream().filter(p -> p instanceof TrafficSelectorPayload t && t.initiator() == initiator)
                .map(p -> TrafficSelectors.fromWire(((TrafficSelectorPayload) p).selectors())).findFirst().orElse(List.of());
    }

    /**
     * The inner payload chain of a message in one SK payload, decrypted (as a {@code Reassembled} that
     * needed no reassembly, so both kinds of message go on alike); decoded by the caller.
     */
    private Optional<FragmentReassembler.Reassembled> open(IkeMessage message, SkCipher peer, Datagram d) {
        try {
            EncryptedPayload sk = message.first(EncryptedPayload.class)
                    .orElseThrow(() -> new IntegrityCheckException("no SK payload"));
            return Optional.of(new FragmentReassembler.Reassembled(message.header().messageId(), sk.firstInnerPayloadType(),
                    SkProtection.openChain(message, sk, peer)));
        } catch (IntegrityCheckException e) {
            engine.dropped(e.getMessage(), d);
            return Optional.empty();
        }
    }

    /**
     * One SKF fragment (RFC 7383 2.6): its integrity is checked before it is stored, only fragments of
     * the message we expect next are stored, and the inner payloads come out once all are in.
     */
    private Optional<FragmentReassembler.Reassembled> reassemble(IkeMessage message, EncryptedFragmentPayload skf, SkCipher peer, Datagram d) {
        IkeHeader h = message.header();
        String which = "fragment " + skf.fragmentNumber() + " of " + skf.totalFragments() + " of message " + h.messageId();
        if (!sa.peerFragmentation()) {
            engine.dropped(which + ": the peer did not announce IKE fragmentation", d);
            return Optional.empty();
        }
        Bytes piece;
        try {
            piece = SkProtection.openFragment(message, skf, peer);
        } catch (IntegrityCheckException e) {
            engine.dropped(which + ": " + e.getMessage(), d);
            return Optional.empty();
        }
        LOG.info(() -> MessageLog.fragment(false, h, skf.fragmentNumber(), skf.totalFragments(), d.data().length, d.remote()));
        long id = h.messageId();
        if (!h.response() && tasks.answered(id)) {
            // RFC 7383 2.6.1: a retransmitted request is answered again on its fragment 1 only, not once per fragment.
            if (skf.fragmentNumber() == 1) tasks.resendLastResponse();
            return Optional.empty();
        }
        if (h.response() ? !tasks.awaitsResponse(id) : !tasks.awaitsRequest(id)) {
            engine.dropped(which + ": not the message expected", d);
            return Optional.empty();
        }
        FragmentReassembler into = h.response() ? responseFragments : requestFragments;
        boolean first = into.collecting() != id;
        try {
            Optional<FragmentReassembler.Reassembled> whole = into.add(id, skf, piece);
            if (whole.isEmpty()) {
                if (first) schedule(REASSEMBLY_TIMEOUT, () -> abandonReassembly(into, id));
                return Optional.empty();
            }
            return whole;
        } catch (IkeDecodeException e) {
            engine.dropped(which + ": " + e.getMessage(), d);
            return Optional.empty();
        }
    }

    private void abandonReassembly(FragmentReassembler r, long id) {
        if (r.collecting() != id) return;
        LOG.info(() -> sa + ": message " + id + " incomplete after " + REASSEMBLY_TIMEOUT.toSeconds() + " s, "
                + r.bufferedFragments() + " fragments dropped");
        r.clear();
    }

    /**
     * An authentic request from new addresses: the peer floated to port 4500 or its NAT mapping changed
     * (RFC 7296 2.23). IKE follows, and so do the ESP endpoints of the Child SAs.
     */
    private void followPeer(Datagram d) {
        if (d.local().equals(sa.localAddress()) && d.remote().equals(sa.remoteAddress())) return;
        sa.addresses(d.local(), d.remote());
        for (ChildSa c : sa.children()) {
            engine.sink().updateEndpoints(c.inboundSpi(), espEndpoints());
        }
    }

    /** Where the Child SAs' ESP goes: the IKE SA's TCP stream, or UDP 4500 behind a NAT, or raw ESP. */
    private Endpoints espEndpoints() {
        boolean tcp = sa.carrier() == Carrier.TCP;
        return new Endpoints(sa.localAddress(), sa.remoteAddress(), !tcp && sa.natDetected(), tcp);
    }

    /** Error notifies that tell a user why a tunnel does not come up, sent or received. */
    private void noteRefusals(List<Payload> payloads, String who) {
        for (Payload p : payloads) {
            if (!(p instanceof NotifyPayload n)) continue;
            EngineEvent.Failure f = switch (n.notifyType()) {
                case AUTHENTICATION_FAILED -> EngineEvent.Failure.AUTHENTICATION;
                case NO_PROPOSAL_CHOSEN -> EngineEvent.Failure.PROPOSAL;
                case TS_UNACCEPTABLE -> EngineEvent.Failure.TRAFFIC_SELECTORS;
                default -> null;
            };
            if (f == null) continue;
            if (f == EngineEvent.Failure.AUTHENTICATION && who.equals(WE_SENT) && !sa.originalInitiator() && !announced) {
                engine.authenticationFailed(sa.remoteAddress().getAddress());
            }
            // Only a refusal before the IKE SA was up can have ended it; later ones refused a Child SA
            // (e.g. an additional one for selectors the peer narrowed away) and leave the IKE SA running.
            if (!announced) failure = f;
            emit(new EngineEvent.NegotiationFailed(config.name(), f, who + n.notifyType()));
        }
    }

    /** Events of an IKE SA whose connection is not known yet belong to no tunnel; they are only logged. */
    private void emit(EngineEvent e) {
        if (settled) engine.emit(e);
        else LOG.info(() -> sa + " (connection not known yet): " + e);
    }

    private void afterEvent() {
        if (sa.state() == IkeSa.State.ESTABLISHED) {
            if (establishedAt == null) establishedAt = Instant.now();
            announceUp();
            engine.established(this);
            if (!rekeyTimerArmed) {
                rekeyTimerArmed = true;
                armIkeRekey();
                armIkeExpiry();
                armDpd();
                armNatKeepalive();
            }
            closeIfChildless();
            engine.stateChanged(this);
        }
    }

    /** This IKE SA as a standby needs it (see {@link IkeSaState}); on the mailbox, while established. */
    IkeSaState exportState() {
        return IkeSaStates.export(config.name(), sa, tasks, establishedAt, ikeRekeyAt, ikeExpiresAt, childRekeyAt);
    }

    /**
     * Takes over an IKE SA another engine ran ({@link IkeEngine#importIkeSa}): its windows and last
     * response, its Child SAs into the data path, and its timers as they were due there. Nothing is sent:
     * the peer's next message (or, with RFC 6311, the Message ID sync) goes on from here.
     */
    void imported(IkeSaState state) {
        tasks.restore(state.nextRequestId(), state.expectedPeerRequest(), state.lastResponse().map(r -> r.messageId()).orElse(-1L),
                state.lastResponse().map(r -> r.datagrams().stream().map(Bytes::toByteArray).toList()).orElse(List.of()));
        establishedAt = state.establishedAt();
        rekeyTimerArmed = true;
        for (ChildSaState c : state.children()) {
            ChildSa child = IkeSaStates.childSa(c);
            // Its lifetime counts from when it was keyed, on the member before us: only what is left of it remains.
            Duration lifetime = config.lifetimes().childLifetime();
            Duration left = lifetime.minus(Duration.between(c.createdAt(), Instant.now()));
            installInDataPath(child, lifetime.isZero() ? Duration.ZERO : left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
            if (c.rekeyAt() != null) armChildRekeyAt(child, c.rekeyAt());
        }
        announceUp();
        if (state.ikeRekeyAt() != null) armIkeRekeyAt(state.ikeRekeyAt());
        if (state.ikeExpiresAt() != null) armIkeExpiryAt(state.ikeExpiresAt());
        armDpd();
        armNatKeepalive();
        LOG.info(() -> sa + ": taken over with " + state.children().size() + " Child SAs, next request #" + state.nextRequestId()
                + ", expecting #" + state.expectedPeerRequest());
        engine.stateChanged(this);
    }

    /**
     * IkeUp, once per IKE SA, as soon as it is established: IKE_AUTH installs the first Child SA while the
     * message is processed, and IkeUp must come before that ChildUp, or a reporter that takes IkeUp only
     * while no Child SA is up (the agent: a second IKE SA is not "negotiating") never sees this one's
     * quantum safety.
     */
    private void announceUp() {
        if (announced || sa.state() != IkeSa.State.ESTABLISHED) return;
        announced = true;
        emit(new EngineEvent.IkeUp(config.name(), sa.initiatorSpi(), sa.responderSpi(), sa.quantumSafety(), sa.carrier()));
    }

    /**
     * An IKE SA exists to carry its connection's Child SA. Without one (IKE_AUTH set up none because a
     * side refused it, or the last one was deleted or expired without a successor) the tunnel carries
     * nothing, yet would look up for as long as the IKE SA lives. So it is deleted, as strongSwan's
     * close_ike_on_child_failure does: IkeDown reports why (with the refusal, if there was one), and
     * the agent sets an "initiate" tunnel up again with its backoff.
     */
    private void closeIfChildless() {
        if (sa.state() != IkeSa.State.ESTABLISHED || !sa.children().isEmpty() || tasks.pending(t -> t instanceof DeleteIkeTask)) {
            return;
        }
        queueAndInitiate(DeleteIkeTask.ifChildless(this));
    }

    private void armIkeRekey() {
        Duration d = engine.jittered(config.lifetimes().ikeRekey(), config.lifetimes().jitter());
        if (!d.isZero()) armIkeRekeyAt(Instant.now().plus(d));
    }

    private void armIkeRekeyAt(Instant at) {
        ikeRekeyAt = at;
        schedule(untilThen(at), () -> {
            if (sa.state() == IkeSa.State.ESTABLISHED) queueAndInitiate(new IkeRekeyTask(this, true));
        });
    }

    private static Duration untilThen(Instant at) {
        Duration d = Duration.between(Instant.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * The IKE SA's hard limit, from when it was established (a rekeyed successor counts from its own
     * rekey): if no rekey replaced it by then (the peer refused them all, say), it is deleted with its
     * Child SAs, and IkeDown lets the agent set the tunnel up afresh.
     */
    private void armIkeExpiry() {
        Duration lifetime = config.lifetimes().ikeLifetime();
        if (!lifetime.isZero()) armIkeExpiryAt(Instant.now().plus(lifetime));
    }

    private void armIkeExpiryAt(Instant at) {
        ikeExpiresAt = at;
        schedule(untilThen(at), () -> {
            if (sa.state() == IkeSa.State.DEAD || sa.state() == IkeSa.State.REKEYED) return;
            LOG.info(() -> sa + " reached its lifetime, set up at " + establishedAt);
            queueAndInitiate(new DeleteIkeTask(this, "its lifetime ended"));
        });
    }

    private void armDpd() {
        if (config.dpd().probes()) checkLivenessIn(config.dpd().delay());
    }

    /**
     * One chain of timers per IKE SA: after {@code delay} of silence a probe (an empty INFORMATIONAL;
     * a request already in flight serves as one), and if nothing at all comes from the peer within
     * {@code timeout} of it, the peer is dead. Any message from the peer pushes the next probe back.
     */
    private void checkLivenessIn(Duration wait) {
        schedule(wait, () -> {
            if (!alive()) return;
            DeadPeerDetection dpd = config.dpd();
            Duration silence = Duration.between(lastReceived, Instant.now());
            if (silence.compareTo(dpd.delay()) < 0) {
                checkLivenessIn(dpd.delay().minus(silence));
                return;
            }
            Instant probed = Instant.now();
            if (!tasks.busy()) queueAndInitiate(new DpdTask());
            schedule(dpd.timeout(), () -> {
                if (!alive()) return;
                if (lastReceived.isBefore(probed)) {
                    peerDead("no answer from the peer within " + dpd.timeout().toSeconds() + " s of a liveness check (DPD)");
                } else {
                    checkLivenessIn(dpd.delay().minus(Duration.between(lastReceived, Instant.now())));
                }
            });
        });
    }

    /**
     * Behind a NAT of ours (detected in IKE_SA_INIT), a one-byte keepalive to the peer's port 4500
     * every interval (RFC 3948 2.3) keeps the NAT's mapping, so the peer still reaches us while
     * neither side has anything to send. A faked NAT (forced encapsulation) has no mapping to keep,
     * as in strongSwan.
     */
    private void armNatKeepalive() {
        Duration every = config.natTraversal().keepaliveInterval();
        if (every.isZero() || !sa.localBehindNat() || sa.carrier() == Carrier.TCP) return; // TCP keeps its own mapping
        schedule(every, () -> {
            if (!alive()) return;
            engine.transmitNatKeepalive(sa.localAddress(), sa.remoteAddress());
            armNatKeepalive();
        });
    }

    /**
     * An unprotected INVALID_IKE_SPI for this IKE SA (RFC 6290 section 4). Only the token the peer gave us
     * in IKE_AUTH, shown from the peer's address, proves that the peer lost its state: then the IKE SA goes
     * at once, as if its peer had died (nothing is sent: the peer has nothing to delete), and the DPD action
     * follows (RESTART sets the connection up again now instead of after the retransmissions). Anyone
     * who can spoof the peer's address can send this message, so anything else changes nothing (RFC 7296
     * 2.21.4) and is only counted.
     */
    void invalidIkeSpi(InvalidIkeSpiAnswer answer, Datagram d) {
        CrashDetection qcd = engine.crashDetection();
        Optional<Bytes> held = sa.peerQcdToken();
        boolean matches = qcd.enabled() && alive() && held.isPresent() && answer.token().isPresent()
                && MessageDigest.isEqual(held.get().toByteArray(), answer.token().get().toByteArray())
                && d.remote().getAddress().equals(sa.remoteAddress().getAddress());
        if (!matches) {
            qcd.answerIgnored();
            LOG.info(() -> sa + ": ignoring an unprotected INVALID_IKE_SPI from " + d.remote()
                    + (answer.token().isEmpty() ? " without QCD token" : " whose QCD token is not the one the peer gave"));
            return;
        }
        qcd.tokenMatched();
        LOG.info(() -> sa + ": INVALID_IKE_SPI from " + d.remote() + " with the peer's QCD token: the peer lost its state");
        peerDead("the peer lost the IKE SA (INVALID_IKE_SPI with its QCD token, RFC 6290)");
    }

    /**
     * RFC 6311: this engine just took the IKE SA over from another cluster member; the Message ID sync
     * (with IPSEC_REPLAY_COUNTER_SYNC of {@code replayDelta} when above 0) sets both sides' windows.
     * False when the peer did not agree to it.
     */
    boolean startMessageIdSync(long replayDelta) {
        return alive() && messageIdSync.start(replayDelta);
    }

    TaskManager tasks() {
        return tasks;
    }

    SaSink engineSink() {
        return engine.sink();
    }

    /** Established, perhaps rekeying: not yet being deleted, gone or replaced, so its peer's liveness matters. */
    private boolean alive() {
        return sa.state() == IkeSa.State.ESTABLISHED || sa.state() == IkeSa.State.REKEYING;
    }

    /**
     * The peer of an established IKE SA stopped answering: the IKE SA goes with its Child SAs, without
     * a Delete nobody would receive, and the connection's DPD action follows (as strongSwan's dpd_action):
     * with HOLD the Child SAs' policies stay as traps whose traffic sets the connection up again, with
     * RESTART it is set up again at once.
     */
    private void peerDead(String reason) {
        // A remote-access connection only answers: it cannot set a client's tunnel up again, the client does.
        DeadPeerDetection.Action action = config.authentication() instanceof Authentication.Eap
                ? DeadPeerDetection.Action.CLEAR : config.dpd().action();
        LOG.info(() -> sa + ": the peer is dead (" + reason + "); DPD action " + action);
        peerDead = true;
        trapPolicies = action == DeadPeerDetection.Action.HOLD;
        ikeSaDeleted(reason);
        if (action == DeadPeerDetection.Action.RESTART) engine.restart(config.name());
    }

    private void armChildRekey(ChildSa child) {
        Duration d = engine.jittered(config.lifetimes().childRekey(), config.lifetimes().jitter());
        if (d.isZero()) return;
        // Counted from when the Child SA was keyed: an IKE SA rekey re-arms the moved Child SAs, and must not
        // restart their lifetime (the data path's hard limit was fixed at install time).
        armChildRekeyAt(child, child.createdAt().plus(d));
    }

    private void armChildRekeyAt(ChildSa child, Instant at) {
        childRekeyAt.put(child.inboundSpi(), at);
        schedule(untilThen(at), () -> rekeyChild(child));
    }

    /**
     * The data path reached the Child SA's hard limit and stopped using it. The peer is told with a
     * Delete (as strongSwan does), so both sides drop it; the SA goes from the data path when the peer
     * answers, and an IKE SA left without Child SA is closed then.
     */
    void childExpired(ChildSa child) {
        if (sa.childByInboundSpi(child.inboundSpi()).isEmpty() || child.state() == ChildSa.State.DELETING) return;
        LOG.info(() -> "CHILD_SA " + config.name() + " reached its hard limit: " + child);
        queueAndInitiate(new DeleteChildTask(this, child));
    }

    void rekeyChild(ChildSa child) {
        // A late timer of a child that was rekeyed, deleted or moved to another IKE SA does nothing.
        if (sa.childByInboundSpi(child.inboundSpi()).isEmpty() || child.state() != ChildSa.State.INSTALLED) return;
        queueAndInitiate(new ChildRekeyTask(this, child));
    }

    /** This IKE SA and its Child SAs as they are now; on the mailbox. */
    IkeSaView view() {
        // The data path's hard limit of each Child SA, fixed when it was installed (see installChild).
        Duration hard = config.lifetimes().childLifetime();
        List<ChildSaView> children = sa.children().stream().map(c -> new ChildSaView(c.reqid(), c.state(), c.inboundSpi(),
                c.outboundSpi(), c.algorithms().toString(), c.localSelectors(), c.remoteSelectors(), c.createdAt(),
                childRekeyAt.get(c.inboundSpi()), hard.isZero() ? null : c.createdAt().plus(hard))).toList();
        return new IkeSaView(config.name(), sa.state(), sa.originalInitiator(), sa.initiatorSpi(), sa.responderSpi(),
                sa.localAddress(), sa.remoteAddress(), config.localId().toString(),
                sa.remoteIdentity() != null ? sa.remoteIdentity() : config.remoteId().toString(),
                sa.algorithms() == null ? "" : sa.algorithms().toString(), sa.localBehindNat() || sa.remoteBehindNat(),
                sa.udpEncapsulationForced(), sa.carrier(), sa.quantumSafety(), lastReceived, establishedAt, ikeRekeyAt, ikeExpiresAt, children,
                sa.virtualAddress());
    }

    // ---- ExchangeHost

    @Override
    public List<byte[]> send(OutgoingMessage m) {
        IkeHeader h = IkeHeader.of(sa.initiatorSpi(), sa.responderSpi(), m.exchangeType(), sa.originalInitiator(),
                m.response(), m.messageId());
        List<byte[]> datagrams;
        // RFC 8019 7.2.2: our solution of the responder's IKE_AUTH puzzle, in the clear in front of SK (of SKF 1).
        List<Payload> clear = m.exchangeType() == ExchangeType.IKE_AUTH && !m.response() && sa.authPuzzleSolution() != null
                ? List.of(new PuzzleSolutionPayload(sa.authPuzzleSolution())) : List.of();
        if (m.exchangeType() == ExchangeType.IKE_SA_INIT) {
            byte[] bytes = IkeMessage.of(h, m.payloads()).encode();
            if (m.response()) sa.initMessages(sa.initiatorInitMessage(), bytes);
            else sa.initMessages(bytes, sa.responderInitMessage());
            datagrams = List.of(bytes);
        } else {
            SkCipher own = sa.originalInitiator() ? sa.keys().initiatorCipher() : sa.keys().responderCipher();
            PayloadProtector protector = SkProtection.protector(own, engine.random());
            int limit = largestFragment();
            int whole = IkeHeader.LENGTH + PayloadChain.length(clear) + PayloadChain.GENERIC_HEADER
                    + protector.protectedLength(PayloadChain.length(m.payloads()));
            datagrams = sa.peerFragmentation() && limit > 0 && whole > limit
                    ? MessageFragmenter.fragment(h, clear, m.payloads(), limit, protector)
                    : List.of(IkeMessage.encodeProtected(h, clear, m.payloads(), protector));
        }
        LOG.info(() -> MessageLog.line(true, h, java.util.stream.Stream.concat(clear.stream(), m.payloads().stream()).toList(),
                sa.remoteAddress()));
        if (datagrams.size() > 1) {
            for (int i = 0; i < datagrams.size(); i++) {
                int number = i + 1;
                int bytes = datagrams.get(i).length;
                LOG.info(() -> MessageLog.fragment(true, h, number, datagrams.size(), bytes, sa.remoteAddress()));
            }
        }
        if (m.exchangeType() == ExchangeType.IKE_INTERMEDIATE) {
            sa.intermediateAuth().add(sa.originalInitiator(), sa.keys(), IkeMessage.intermediateAuthenticatedOctets(h,
                    PayloadChain.firstType(m.payloads()), Bytes.wrap(PayloadChain.encode(m.payloads()))));
        }
        noteRefusals(m.payloads(), WE_SENT);
        resend(datagrams);
        m.afterSendSteps().forEach(Runnable::run);
        return datagrams;
    }

    /**
     * The largest IKE message (UDP payload) within the connection's fragment size: the size counts the
     * whole IP datagram, so the IP and UDP headers and, on the NAT-T port, the non-ESP marker come off.
     * 0 when fragmentation is off.
     */
    private int largestFragment() {
        int ipDatagram = config.fragmentSize();
        // TCP carries a message of any size whole: fragmenting it would only cost (RFC 9329 does not use it)
        if (ipDatagram == 0 || sa.carrier() == Carrier.TCP) return 0;
        int ipHeader = sa.remoteAddress().getAddress() instanceof Inet6Address ? 40 : 20;
        int marker = sa.localAddress().getPort() == engine.options().nattPort() ? 4 : 0;
        return ipDatagram - ipHeader - 8 - marker;
    }

    @Override
    public void resend(List<byte[]> datagrams) {
        if (fallbackDue(false)) {
            fallBackToTcp();
            return;
        }
        for (byte[] bytes : datagrams) {
            Datagram d = new Datagram(sa.localAddress(), sa.remoteAddress(), bytes, sa.carrier());
            if (held != null) {
                held.add(d);
                heldSinceExport = true;
            } else {
                engine.transmit(d);
            }
        }
    }

    @Override
    public RetransmitPolicy retransmitPolicy() {
        return config.retransmit();
    }

    @Override
    public void schedule(Duration delay, Runnable job) {
        engine.schedule(delay, () -> mailbox.execute(() -> turn(job)));
    }

    @Override
    public List<Task> responderTasks(ReceivedMessage request) {
        if (syntaxError) {
            // Before authentication completes the IKE SA cannot continue; afterwards only this exchange fails.
            ExchangeType type = request.exchangeType();
            return List.of(new InvalidSyntaxResponder(type == ExchangeType.IKE_INTERMEDIATE || type == ExchangeType.IKE_AUTH));
        }
        return switch (request.exchangeType()) {
            case IKE_SA_INIT -> {
                List<Task> init = new ArrayList<>(List.of(new IkeInitTask(this, false), new AdditionalKeyExchangeTask(this, false),
                        new UsePpkTask(this, false), new NatDetectionTask(this, false)));
                init.addAll(initAuthTasks());
                yield init;
            }
            // The PPKs of RFC 9867 come with the last additional key exchange, or alone when there is none.
            case IKE_INTERMEDIATE -> sa.pendingAdditionalKeyExchanges().isEmpty() && sa.ppkUse() == PpkUse.IKE_INTERMEDIATE
                    && !sa.intermediatePpkExchanged() ? List.of(new IntermediatePpkTask(this, false))
                    : List.of(new AdditionalKeyExchangeTask(this, false), new IntermediatePpkTask(this, false));
            case IKE_FOLLOWUP_KE -> List.of(request.notify(NotifyType.ADDITIONAL_KEY_EXCHANGE)
                    .map(n -> awaitingFollowups.get(n.data())).orElseGet(StateNotFoundResponder::new));
            // IKE_AUTH before every negotiated additional key exchange ran would authenticate keys without them.
            case IKE_AUTH -> !sa.pendingAdditionalKeyExchanges().isEmpty() ? List.of(new InvalidSyntaxResponder(true))
                    : ikeAuthContinuation != null ? List.of(ikeAuthContinuation) : authTasks();
            case CREATE_CHILD_SA -> {
                if (request.notify(NotifyType.REKEY_SA).isPresent()) yield List.of(new ChildRekeyResponder(this));
                boolean ike = request.first(SecurityAssociationPayload.class)
                        .map(s -> !s.proposals().isEmpty() && s.proposals().getFirst().protocolId() == ProtocolId.IKE)
                        .orElse(false);
                yield List.of(ike ? new IkeRekeyTask(this, false) : new ChildCreateTask(this, false));
            }
            case INFORMATIONAL -> List.of(new InformationalResponder(this));
            default -> List.of();
        };
    }

    @Override
    public void failed(String reason) {
        String why = qkdRefusal != null ? qkdRefusal + " (" + reason + ")" : reason;
        LOG.warning(() -> sa + ": " + why);
        ikeSaDeleted(why);
    }

    @Override
    public void unanswered(String reason) {
        if (fallbackDue(true)) { // retransmit settings of fewer than three sends
            fallBackToTcp();
            return;
        }
        // Only a peer we had an IKE SA with can have died; one that never answered IKE_SA_INIT or IKE_AUTH
        // was never there, and one we were deleting anyway needs no action.
        if (alive()) {
            peerDead(reason);
        } else {
            failed(reason);
        }
    }

    // ---- TaskContext

    @Override
    public IkeSa sa() {
        return sa;
    }

    @Override
    public ConnectionConfig config() {
        return config;
    }

    @Override
    public RandomSource random() {
        return engine.random();
    }

    @Override
    public KeyExchange initiatorKeyExchange(List<KeyExchangeMethod> methods) throws QkdKeyUnavailableException {
        QkdKeyUnavailableException unavailable = null;
        for (KeyExchangeMethod m : methods) {
            if (m != KeyExchangeMethod.QKD) {
                if (unavailable != null) {
                    String reason = unavailable.getMessage();
                    LOG.warning(() -> sa + ": no QKD key from the KME (" + reason + "), falling back to " + m);
                }
                return m.newKeyExchange(random());
            }
            if (qkdKeyForIkeSa != null) {
                QkdKey key = qkdKeyForIkeSa;
                qkdKeyForIkeSa = null;
                return QkdKeyExchange.initiator(key);
            }
            try {
                return QkdKeyExchange.initiator(config.qkd().newKey());
            } catch (QkdKeyUnavailableException e) {
                unavailable = e;
            }
        }
        if (unavailable == null) throw new IllegalArgumentException("no key exchange method");
        qkdRefusal = "no QKD key from the KME: " + unavailable.getMessage();
        throw unavailable;
    }

    @Override
    public KeyExchange responderKeyExchange(KeyExchangeMethod method) {
        return method == KeyExchangeMethod.QKD ? QkdKeyExchange.responder(config.qkd()) : method.newKeyExchange(random());
    }

    @Override
    public int localNattPort() {
        return engine.options().nattPort();
    }

    @Override
    public int acceptedPuzzleDifficulty() {
        return engine.options().defence().acceptedDifficulty();
    }

    @Override
    public OptionalInt authPuzzleDifficulty() {
        return solvedInitPuzzle && engine.signaturesForAnyCandidate(sa.remoteAddress().getAddress())
                ? engine.authPuzzleDifficulty() : OptionalInt.empty();
    }

    @Override
    public boolean fragmentation() {
        return config.fragmentSize() > 0;
    }

    @Override
    public boolean ppkConfigured() {
        return settled ? config.ppk().configured() : engine.ppkForAnyCandidate(sa.remoteAddress().getAddress());
    }

    @Override
    public PostQuantumPreSharedKeys responderPpks() {
        if (!settled) return engine.intermediatePpksOfCandidates(sa.remoteAddress().getAddress());
        return config.ppk().intermediate() ? config.ppk() : PostQuantumPreSharedKeys.NONE;
    }

    @Override
    public void authenticationFailed(String reason) {
        LOG.warning(() -> sa + ": authentication failed: " + reason);
        authenticationFailure = reason;
        failure = EngineEvent.Failure.AUTHENTICATION;
    }

    @Override
    public HighAvailability highAvailability() {
        return engine.options().highAvailability();
    }

    @Override
    public boolean quickCrashDetection() {
        return engine.crashDetection().enabled();
    }

    @Override
    public Optional<Bytes> ownQcdToken() {
        return engine.crashDetection().token(sa.initiatorSpi(), sa.responderSpi(), sa.localSpi());
    }

    @Override
    public long newChildSpi() {
        return engine.newChildSpi();
    }

    @Override
    public int newReqid() {
        return engine.newReqid();
    }

    @Override
    public long newIkeSpi() {
        return engine.newIkeSpi();
    }

    @Override
    public void queue(Task task) {
        tasks.queue(task);
    }

    @Override
    public List<Task> activeTasks() {
        return tasks.activeTasks();
    }

    @Override
    public void installChild(ChildSa child) {
        // The data path enforces the hard limit: the configured lifetime. The rekey before it is our timer.
        installInDataPath(child, config.lifetimes().childLifetime());
        armChildRekey(child);
    }

    /**
     * The Child SA joins this IKE SA and the data path, with its policy, to end there after {@code hardLimit}
     * (zero: never); ChildUp (after IkeUp) is reported.
     */
    private void installInDataPath(ChildSa child, Duration hardLimit) {
        boolean replacesOne = sa.children().stream().anyMatch(c -> c.reqid() == child.reqid());
        sa.addChild(child);
        engine.sink().addChildSa(new ChildSaInstall(child.reqid(), config.name(), child.algorithms().espTransform(),
                child.inbound(), child.outbound(), espEndpoints(),
                child.algorithms().esn(), REPLAY_WINDOW,
                new SaLifetime(0, 0, 0, 0, Duration.ZERO, hardLimit)));
        engine.holdPolicy(child, config.name());
        LOG.info(() -> "CHILD_SA " + config.name() + " up: " + child);
        announceUp();
        emit(new EngineEvent.ChildUp(config.name(), child.inboundSpi(), child.outboundSpi(), replacesOne));
    }

    @Override
    public void removeChild(ChildSa child) {
        if (sa.childByInboundSpi(child.inboundSpi()).isEmpty()) return;
        sa.removeChild(child.inboundSpi());
        childRekeyAt.remove(child.inboundSpi());
        engine.sink().deleteChildSa(child.inboundSpi());
        engine.releasePolicy(child, trapPolicies);
        LOG.info(() -> "CHILD_SA " + config.name() + " deleted: " + child);
        emit(new EngineEvent.ChildDown(config.name(), child.inboundSpi(), child.outboundSpi()));
    }

    @Override
    public void ikeSaRekeyed(IkeSa replacement) {
        replacement.virtualAddress(sa.virtualAddress()); // the client keeps its address across IKE rekeys
        IkeSession next = engine.adopt(config, replacement);
        LOG.info(() -> sa + " rekeyed into " + replacement);
        emit(new EngineEvent.IkeRekeyed(config.name(), replacement.initiatorSpi(), replacement.responderSpi()));
        next.submit(() -> {
            next.announced = true;
            next.afterEvent();
            for (ChildSa c : replacement.children()) next.armChildRekey(c);
            if (replacement.peerQcd() && next.ownQcdToken().isPresent()) next.queueAndInitiate(new QcdTokenUpdateTask(next));
        });
    }

    @Override
    public void ikeSaDeleted(String reason) {
        if (sa.state() == IkeSa.State.DEAD) return;
        boolean replacedByRekey = sa.state() == IkeSa.State.REKEYED;
        tasks.stop();
        for (ChildSa c : List.copyOf(sa.children())) removeChild(c);
        sa.state(IkeSa.State.DEAD);
        engine.forget(this);
        engine.stateRemoved(this);
        if (!replacedByRekey && sa.virtualAddress() != null) config.remoteAccess().pool().release(sa.virtualAddress());
        LOG.info(() -> sa + " gone: " + reason);
        if (!replacedByRekey) {
            // The task's reason (which PPK, which identity) says more than the task manager's (which task failed).
            emit(new EngineEvent.IkeDown(config.name(), sa.initiatorSpi(), sa.responderSpi(),
                    authenticationFailure != null ? authenticationFailure : reason, failure,
                    engine.connectionStillUp(this), peerDead));
        }
    }

    @Override
    public void initialContact() {
        engine.initialContact(this);
    }

    @Override
    public boolean otherIkeSaWithPeer() {
        return engine.hasOtherSession(this);
    }

    @Override
    public void awaitFollowups(Bytes link, Task continuation) {
        awaitingFollowups.put(link, continuation);
        // The peer gives up on a follow-up after its retransmissions; ours are the best guess of how long those take.
        Duration patience = config.retransmit().totalWait();
        schedule(patience, () -> {
            if (awaitingFollowups.get(link) != continuation) return; // finished meanwhile
            awaitingFollowups.remove(link);
            LOG.info(() -> sa + ": no IKE_FOLLOWUP_KE for " + continuation.name() + " within " + patience.toMillis()
                    + " ms, dropping its state");
        });
    }

    @Override
    public void followupsEnded(Bytes link) {
        awaitingFollowups.remove(link);
    }

    @Override
    public boolean awaitingFollowups(Predicate<Task> which) {
        return awaitingFollowups.values().stream().anyMatch(which);
    }

    @Override
    public void nextIkeAuthRequestsTo(Task task) {
        ikeAuthContinuation = task;
    }

    @Override
    public List<TrafficSelector> peerSelectors() {
        InetAddress vip = sa.virtualAddress();
        return vip == null ? config.remoteSelectors() : List.of(new TrafficSelector(vip, vip, 0, 0, 65535));
    }

    @Override
    public void retryChildRekeyLater(ChildSa child) {
        schedule(engine.jittered(RETRY_DELAY, 0.5), () -> rekeyChild(child));
    }

    @Override
    public void retryIkeRekeyLater() {
        // Random delay: when both peers rekeyed at once and both were refused, they must not collide again.
        schedule(engine.jittered(RETRY_DELAY, 0.5), () -> {
            if (sa.state() == IkeSa.State.ESTABLISHED) queueAndInitiate(new IkeRekeyTask(this, true));
        });
    }
}
