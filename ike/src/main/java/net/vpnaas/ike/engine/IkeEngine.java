package net.vpnaas.ike.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.crypto.ClientPuzzle;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.InvalidIkeSpiAnswer;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PayloadRules;
import net.vpnaas.ike.message.Proposal;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.message.TransformType;
import net.vpnaas.ike.qcd.QcdState;
import net.vpnaas.ike.qcd.QcdTokenSecrets;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sync.ChildSaState;
import net.vpnaas.ike.sync.IkeSaState;
import net.vpnaas.ike.sync.SaStateListener;
import net.vpnaas.ike.sync.SendsFenced;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.ike.task.ChildRekeyTask;
import net.vpnaas.ike.task.DeleteIkeTask;
import net.vpnaas.ike.task.DpdTask;
import net.vpnaas.ike.task.IkeRekeyTask;
import net.vpnaas.ike.task.ProposalSelection;
import net.vpnaas.ike.task.TrafficSelectors;
import net.vpnaas.ike.transport.Carrier;
import net.vpnaas.ike.transport.Datagram;
import net.vpnaas.ike.transport.Transport;

/**
 * The IKEv2 engine: routes datagrams to IKE SAs by SPI, creates responder IKE SAs (behind the
 * defences of RFC 8019 when too many are half-open: a COOKIE, then a PUZZLE, and limits globally and
 * per source), allocates SPIs, and hands Child SAs to the {@link SaSink}.
 */
public final class IkeEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IkeEngine.class.getName());

    /**
     * A reqid's policy, the connection it serves (for acquires) and the inbound SPIs of the Child SAs
     * holding it; none for a trap, which a dead peer's connection left behind (DPD action HOLD).
     */
    private record PolicyHolders(String connection, TrafficPolicy policy, Set<Long> inboundSpis) {
        boolean trap() {
            return inboundSpis.isEmpty();
        }
    }

    private final Transport transport;
    private final SaSink sink;
    private final RandomSource random;
    /**
     * Immutable; replaced whole by {@link #updateDefence}. A decision that needs several of its values reads
     * it once, so that it sees one set of thresholds, never half of an update.
     */
    private volatile EngineOptions options;
    private final Map<String, ConnectionConfig> connections = new ConcurrentHashMap<>();
    private final Map<Long, IkeSession> sessionsByLocalSpi = new ConcurrentHashMap<>();
    private final HalfOpenTable halfOpen = new HalfOpenTable();
    private final Set<Long> childSpis = ConcurrentHashMap.newKeySet();
    /** The data-path policy of each reqid, which one Child SA and its rekeyed successors share. */
    private final Map<Integer, PolicyHolders> policies = new ConcurrentHashMap<>();
    private final AtomicInteger lastReqid = new AtomicInteger();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ike-timers");
        t.setDaemon(true);
        return t;
    });
    private final CookieSecrets cookies;
    private final CrashDetection crashDetection;
    private final AuthFailureTable authFailures;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    private final AtomicLong cookiesSent = new AtomicLong();
    private final AtomicLong puzzlesSent = new AtomicLong();
    /** When an IKE_AUTH last failed (System.nanoTime), for {@link #authPuzzleDifficulty}. */
    private final AtomicLong lastAuthFailure = new AtomicLong(System.nanoTime() - DefenceOptions.AUTH_PUZZLES_AFTER_FAILURE.toNanos());
    private final AtomicLong lastCookieLine = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
    /** Make-before-break: a new IKE SA of a changed connection, and the old ones it replaces once up. */
    private final Map<IkeSession, List<IkeSession>> replacing = new ConcurrentHashMap<>();
    private volatile Consumer<EngineEvent> events = e -> {};
    private volatile SaStateListener stateListener;

    public IkeEngine(Transport transport, SaSink sink, RandomSource random, EngineOptions options) {
        this.transport = transport;
        this.sink = sink;
        this.random = random;
        this.options = options;
        this.cookies = new CookieSecrets(random);
        this.crashDetection = new CrashDetection(options.qcd());
        this.authFailures = new AuthFailureTable(options.defence().authFailureLimit(), options.defence().authFailureForgiveness(),
                DefenceOptions.AUTH_FAILURE_SOURCES);
        long rotation = options.defence().cookieSecretLifetime().toNanos();
        timers.scheduleAtFixedRate(cookies::rotate, rotation, rotation, TimeUnit.NANOSECONDS);
        sink.setListener(new SaEventListener() {
            @Override
            public void expired(long inboundSpi, Limit limit) {
                onExpired(inboundSpi, limit);
            }

            @Override
            public void acquire(int reqid) {
                PolicyHolders p = policies.get(reqid);
                if (p != null && connections.containsKey(p.connection()) && sessionsFor(p.connection()).isEmpty()) {
                    initiate(p.connection());
                }
            }
        });
    }

    public void addConnection(ConnectionConfig config) {
        connections.put(config.name(), config);
    }

    /**
     * Changes a connection make-before-break: when it has established IKE SAs, a new IKE SA with the
     * new settings is set up, and the old ones are deleted only once it is up (their Child SAs carry
     * the traffic until then). If the new one fails, the old ones keep running.
     */
    public void replaceConnection(ConnectionConfig config) {
        connections.put(config.name(), config);
        List<IkeSession> old = sessionsFor(config.name());
        if (old.isEmpty()) return;
        IkeSession next = newInitiatorSession(config);
        replacing.put(next, old);
        next.submit(next::startInitiator);
    }

    /**
     * New credentials for a connection whose other settings stay (a gateway certificate renewed, a
     * peer's trusted CAs changed): the IKE SAs set up from now on, by either side, authenticate with
     * them. The running IKE SAs and their Child SAs are left alone, and nothing is sent: an IKE SA
     * authenticates once, in IKE_AUTH; its rekeys (RFC 7296 section 2.18) and its Child SAs carry no
     * AUTH, so there is nothing to redo until a new IKE SA is set up. The caller vouches that only
     * {@link ConnectionConfig#authentication()} differs; any other change goes through
     * {@link #replaceConnection}.
     */
    public void updateCredentials(ConnectionConfig config) {
        if (connections.replace(config.name(), config) == null) throw new IllegalArgumentException("no connection " + config.name());
    }

    /** Forgets a connection and deletes its IKE SAs with an INFORMATIONAL Delete to the peer. */
    public void removeConnection(String name) {
        connections.remove(name);
        removeTraps(name);
        deleteIke(name);
    }

    /** Receives every {@link EngineEvent}; set before {@link #start}. */
    public void onEvent(Consumer<EngineEvent> listener) {
        this.events = listener;
    }

    /** Starts receiving. */
    public void start() {
        transport.start(this::receive);
    }

    /** Sets up the named connection as initiator: IKE_SA_INIT, IKE_AUTH with its Child SA. */
    public void initiate(String name) {
        IkeSession s = newInitiatorSession(config(name));
        s.submit(s::startInitiator);
    }

    /** DPD action RESTART: the connection, if it is still configured and has no other IKE SA, is set up again. */
    void restart(String name) {
        ConnectionConfig c = connections.get(name);
        if (c == null || !sessionsFor(name).isEmpty()) return;
        LOG.info(() -> "restarting connection " + name + " after its peer died");
        IkeSession s = newInitiatorSession(c);
        s.submit(s::startInitiator);
    }

    /** A new IKE SA starts over TCP only if its connection says so; one that may fall back tries UDP first, every time. */
    private IkeSession newInitiatorSession(ConnectionConfig c) {
        return newInitiatorSession(c, c.natTraversal().transport().startsOverTcp() ? Carrier.TCP : Carrier.UDP);
    }

    /** Over TCP, the IKE SA's remote address is the peer's TCP port, where our stream goes (RFC 9329). */
    private IkeSession newInitiatorSession(ConnectionConfig c, Carrier carrier) {
        InetSocketAddress remote = carrier == Carrier.TCP
                ? new InetSocketAddress(c.remote().getAddress(), c.natTraversal().transport().tcpPort()) : c.remote();
        IkeSa sa = new IkeSa(true, newIkeSpi(), 0, c.local(), remote);
        sa.carrier(carrier);
        IkeSession s = new IkeSession(this, c, sa);
        sessionsByLocalSpi.put(sa.localSpi(), s);
        return s;
    }

    /**
     * UDP got no answer from the peer of {@code abandoned} (which is gone without an event: the tunnel
     * did not go down, it is still coming up): the same connection starts again over TCP.
     */
    void fallBackToTcp(IkeSession abandoned) {
        ConnectionConfig c = connections.get(abandoned.config().name());
        if (c == null) return;
        IkeSession s = newInitiatorSession(c, Carrier.TCP);
        s.submit(s::startInitiator);
    }

    public void rekeyChildren(String name) {
        for (IkeSession s : sessionsFor(name)) {
            s.submit(() -> List.copyOf(s.sa().children()).forEach(s::rekeyChild));
        }
    }

    public void rekeyIke(String name) {
        for (IkeSession s : sessionsFor(name)) s.submit(() -> s.queueAndInitiate(new IkeRekeyTask(s, true)));
    }

    public void deleteIke(String name) {
        for (IkeSession s : sessionsFor(name)) s.submit(() -> s.queueAndInitiate(new DeleteIkeTask(s)));
    }

    /**
     * Deletes one IKE SA of a connection, the one with this initiator's SPI (e.g. one remote-access
     * client among many): the peer gets an IKE Delete. Returns whether there was one.
     */
    public boolean deleteIke(String name, long initiatorSpi) {
        for (IkeSession s : sessionsFor(name)) {
            if (s.sa().initiatorSpi() == initiatorSpi) {
                s.submit(() -> s.queueAndInitiate(new DeleteIkeTask(s)));
                return true;
            }
        }
        return false;
    }

    public void checkLiveness(String name) {
        for (IkeSession s : sessionsFor(name)) s.submit(() -> s.queueAndInitiate(new DpdTask()));
    }

    /**
     * RFC 6311: this engine just took the IKE SAs of {@code name} over from another cluster member (it
     * imported their state). Each runs the Message ID sync with its peer, and with {@code replayDelta}
     * above 0 also moves its Child SAs' replay windows up by that much and asks the peer to advance its
     * outbound sequence numbers alike. IKE SAs whose peer did not agree to RFC 6311 are only logged.
     */
    public void synchronizeAfterTakeover(String name, long replayDelta) {
        if (replayDelta < 0) throw new IllegalArgumentException("replayDelta must not be negative");
        for (IkeSession s : sessionsFor(name)) s.submit(() -> s.startMessageIdSync(replayDelta));
    }

    /**
     * Receives the state of each established IKE SA after every change, and the end of each (see
     * {@link SaStateListener}): what a cluster's active member replicates to its standbys.
     */
    public void onStateChange(SaStateListener listener) {
        this.stateListener = listener;
    }

    /**
     * Takes over an IKE SA with its Child SAs from another engine (a cluster member that failed or handed it
     * over): from now on this engine answers its peer, as the other would have, retransmissions included.
     * Its connection must be configured here under the same name. Nothing is sent; after a failover the
     * caller may run {@link #synchronizeAfterTakeover} (RFC 6311) in case the state lags the peer.
     *
     * @throws IllegalArgumentException no such connection, or an IKE SA with its SPI is here already
     */
    public void importIkeSa(IkeSaState state) {
        ConnectionConfig c = config(state.connection());
        IkeSa sa = IkeSaStates.ikeSa(state);
        IkeSession s = new IkeSession(this, c, sa);
        if (sessionsByLocalSpi.putIfAbsent(sa.localSpi(), s) != null) {
            throw new IllegalArgumentException("an IKE SA with SPI " + Long.toHexString(sa.localSpi()) + " is here already");
        }
        // Reserved here, on the importing thread, rather than on the session's: when the imports are done,
        // every taken-over client's address is out of the pool before the next lease.
        state.virtualAddress().ifPresent(a -> {
            if (c.remoteAccess().pool().reserve(a, state.remoteIdentity())) sa.virtualAddress(a);
            else LOG.warning(() -> sa + ": virtual IP " + a.getHostAddress() + " of the taken-over client " + state.remoteIdentity()
                    + " is not free in " + c.remoteAccess().pool() + "; the IKE SA goes on without a lease of this pool");
        });
        for (ChildSaState child : state.children()) childSpis.add(child.inbound().spi());
        lastReqid.accumulateAndGet(state.children().stream().mapToInt(ChildSaState::reqid).max().orElse(0), Math::max);
        s.submit(() -> s.imported(state));
    }

    void stateChanged(IkeSession s) {
        SaStateListener l = stateListener;
        if (l == null || !s.settled()) return;
        try {
            l.changed(s.exportState());
        } catch (SendsFenced e) {
            LOG.warning(() -> s.sa() + ": not sending, " + e.getMessage());
            s.fenced();
            return;
        } catch (RuntimeException e) {
            LOG.warning(() -> "state listener failed on " + s.sa() + ": " + e);
        }
        s.exported();
    }

    /** Whether a state listener replicates: sessions then hold what an exchange sends until it has the state. */
    boolean replicating() {
        return stateListener != null;
    }

    void stateRemoved(IkeSession s) {
        SaStateListener l = stateListener;
        if (l == null || !s.settled() || !s.announcedUp()) return;
        try {
            l.removed(s.config().name(), s.sa().initiatorSpi(), s.sa().responderSpi());
        } catch (RuntimeException e) {
            LOG.warning(() -> "state listener failed on " + s.sa() + ": " + e);
        }
    }

    /** Snapshot of the IKE SAs of a connection, for status output and tests (read on the caller's thread). */
    public List<IkeSa> ikeSas(String name) {
        return sessionsFor(name).stream().map(IkeSession::sa).toList();
    }

    /**
     * The IKE SAs of a connection with their Child SAs, each read on its own IKE SA's thread (so what
     * one view says is consistent). An IKE SA that does not answer within {@code timeout} (busy with a
     * long exchange step) is left out rather than read half-updated.
     */
    public List<IkeSaView> saViews(String name, Duration timeout) {
        List<CompletableFuture<IkeSaView>> views = new ArrayList<>();
        for (IkeSession s : sessionsFor(name)) {
            CompletableFuture<IkeSaView> v = new CompletableFuture<>();
            try {
                s.submit(() -> v.complete(s.view()));
            } catch (RejectedExecutionException closed) {
                return List.of();
            }
            views.add(v);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<IkeSaView> out = new ArrayList<>();
        for (CompletableFuture<IkeSaView> v : views) {
            try {
                IkeSaView view = v.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (view.state() != IkeSa.State.DEAD) out.add(view);
            } catch (TimeoutException | ExecutionException e) {
                // left out, as documented
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    /** Datagrams dropped as malformed, unauthenticated or unexpected. */
    public long droppedCount() {
        return dropped.get();
    }

    /** The responder's defences now, for telemetry (a snapshot; the counters are since the start). */
    public DefenceState defenceState() {
        int n = halfOpen.size();
        Map<DropReason, Long> byReason = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) byReason.put(r, drops.get(r.ordinal()));
        EngineOptions o = options;
        DefenceState.Level level = level(o, n);
        return new DefenceState(level, level == DefenceState.Level.PUZZLES ? o.defence().difficulty(n) : 0, n,
                cookiesSent.get(), puzzlesSent.get(), byReason);
    }

    /**
     * New thresholds for the defences, in force for the next request: the half-open IKE SAs there are stay and
     * count against them, and an address's IKE_AUTH failures so far count against the new limit. The COOKIE
     * secret's lifetime is the one the engine started with (its timer runs at it), so it cannot change here.
     */
    public synchronized void updateDefence(int cookieThreshold, DefenceOptions defence) {
        EngineOptions now = options;
        if (!defence.cookieSecretLifetime().equals(now.defence().cookieSecretLifetime())) {
            throw new IllegalArgumentException("the cookie secret's lifetime is fixed at the start: " + now.defence().cookieSecretLifetime());
        }
        EngineOptions next = now.withDefence(cookieThreshold, defence); // checks the cookie threshold against the new puzzle threshold
        authFailures.limits(defence.authFailureLimit(), defence.authFailureForgiveness());
        options = next;
        LOG.info(() -> "defences: cookies from " + cookieThreshold + " half-open IKE SAs, puzzles from " + defence.puzzleThreshold()
                + " (at most " + defence.maxDifficulty() + " bits), at most " + defence.halfOpenLimit() + " half-open ("
                + defence.perAddressLimit() + " per address, " + defence.perPrefixLimit() + " per prefix), "
                + defence.authFailureLimit() + " IKE_AUTH failures per address");
    }

    /** A new COOKIE secret now (the timer does it every {@link DefenceOptions#cookieSecretLifetime}). */
    void rotateCookieSecret() {
        cookies.rotate();
    }

    private List<IkeSession> sessionsFor(String name) {
        List<IkeSession> out = new ArrayList<>();
        for (IkeSession s : sessionsByLocalSpi.values()) {
            if (s.settled() && s.config().name().equals(name) && s.sa().state() != IkeSa.State.DEAD) out.add(s);
        }
        return out;
    }

    private ConnectionConfig config(String name) {
        ConnectionConfig c = connections.get(name);
        if (c == null) throw new IllegalArgumentException("no connection " + name);
        return c;
    }

    /** Entry point of every received datagram (transport threads). Malformed input is counted and dropped. */
    public void receive(Datagram d) {
        IkeMessage m;
        try {
            m = IkeMessage.decode(d.data().clone());
            Optional<InvalidIkeSpiAnswer> lostState = InvalidIkeSpiAnswer.from(m);
            if (lostState.isPresent()) {
                invalidIkeSpi(lostState.get(), d);
                return;
            }
            PayloadRules.checkOuter(m);
        } catch (IkeDecodeException e) {
            dropped(DropReason.UNDECODABLE, "undecodable: " + e.getMessage(), d);
            return;
        } catch (RuntimeException e) {
            dropped(DropReason.UNDECODABLE, "decoder failure: " + e, d);
            return;
        }
        IkeHeader h = m.header();
        if (h.exchangeType() == ExchangeType.IKE_SA_INIT && !h.response() && h.responderSpi() == 0) {
            initRequest(m, d);
            return;
        }
        long ours = h.initiator() ? h.responderSpi() : h.initiatorSpi();
        IkeSession s = sessionsByLocalSpi.get(ours);
        if (s == null) {
            dropped(DropReason.UNKNOWN_SPI, "no IKE SA with SPI " + Long.toHexString(ours), d);
            crashDetection.answerUnknown(h).ifPresent(answer -> {
                LOG.info(() -> h.exchangeType() + " request #" + h.messageId() + " from " + d.remote() + " for unknown IKE SA "
                        + Long.toHexString(h.initiatorSpi()) + "_i " + Long.toHexString(h.responderSpi())
                        + "_r: answering [N(INVALID_IKE_SPI) N(QUICK_CRASH_DETECTION)]");
                transmit(new Datagram(d.local(), d.remote(), answer, d.carrier()));
            });
            return;
        }
        s.deliver(m, d);
    }

    /**
     * An unprotected INVALID_IKE_SPI: the peer of one of our IKE SAs may have lost its state. Only the IKE
     * SA it names can judge it (by the token it holds); one we do not know changes nothing.
     */
    private void invalidIkeSpi(InvalidIkeSpiAnswer answer, Datagram d) {
        IkeHeader h = answer.header();
        IkeSession s = sessionsByLocalSpi.get(h.initiator() ? h.responderSpi() : h.initiatorSpi());
        if (s == null) {
            crashDetection.answerIgnored();
            dropped(DropReason.UNKNOWN_SPI, "INVALID_IKE_SPI for an IKE SA we do not know", d);
            return;
        }
        s.submit(() -> s.invalidIkeSpi(answer, d));
    }

    /** What quick crash detection (RFC 6290) did since the start. */
    public QcdState quickCrashDetectionState() {
        return crashDetection.state();
    }

    /**
     * New QCD token secrets (RFC 6290), e.g. a cluster's rotated ones: IKE SAs set up from now on take the
     * new current version; the tokens of older ones still verify while their version is kept.
     */
    public void rotateQcdSecrets(QcdTokenSecrets secrets) {
        crashDetection.rotate(secrets);
    }

    CrashDetection crashDetection() {
        return crashDetection;
    }

    /**
     * A new IKE_SA_INIT request, checked cheapest first: a retransmission; an address whose IKE_AUTHs
     * failed too often lately (one lookup, which a spoofed flood of other addresses cannot fill: only
     * answered IKE SAs count); under pressure the COOKIE
     * (one hash) and the PUZZLE solution (four PRF calls); a connection for the address (a walk over
     * the connections, which a spoofed flood must not get to repeat); the half-open limits. Only what
     * passes becomes an IKE SA, whose task does the key exchange: nothing spends a DH or KEM computation
     * on a request not yet bound to a returned cookie under pressure.
     */
    private void initRequest(IkeMessage m, Datagram d) {
        HalfOpenTable.Key key = new HalfOpenTable.Key(m.header().initiatorSpi(), d.remote());
        IkeSession existing = halfOpen.get(key);
        if (existing != null) {
            existing.deliver(m, d); // a retransmission: the session answers from its response cache
            return;
        }
        if (authFailures.blocked(d.remote().getAddress(), System.nanoTime())) {
            dropped(DropReason.AUTH_FAILURES, "IKE_AUTH failed too often from " + d.remote().getAddress(), d);
            return;
        }
        EngineOptions o = options;
        DefenceOptions defence = o.defence();
        int n = halfOpen.size();
        DefenceState.Level level = level(o, n);
        boolean solver = false;
        if (level != DefenceState.Level.NORMAL) {
            Optional<Bytes> cookie = returnedCookie(m, d);
            if (cookie.isEmpty()) {
                demandCookie(m, d, level, defence, n);
                return;
            }
            if (level == DefenceState.Level.PUZZLES) {
                Optional<PrfAlgorithm> prf = puzzlePrf(m);
                Optional<PuzzleSolutionPayload> solution = m.first(PuzzleSolutionPayload.class);
                if (prf.isPresent() && solution.isPresent()) {
                    // One bit of grace: the load may have risen while the initiator solved what we asked.
                    int wanted = Math.max(defence.minDifficulty(), defence.difficulty(n) - 1);
                    if (!ClientPuzzle.verify(prf.get(), cookie.get().toByteArray(), wanted, solution.get().data().toByteArray())) {
                        dropped(DropReason.PUZZLE_UNSOLVED, "puzzle not solved to difficulty " + wanted, d);
                        return;
                    }
                    solver = true;
                } else if (!legacyServed(defence, n)) {
                    dropped(DropReason.LEGACY_CROWDED, "no puzzle solution with " + n + " half-open IKE SAs", d);
                    return;
                }
            }
        }
        List<ConnectionConfig> candidates = candidatesFor(d.remote().getAddress());
        if (candidates.isEmpty()) {
            dropped(DropReason.NO_CONNECTION, "no connection for " + d.remote(), d);
            return;
        }
        // Which of several connections to this address it is shows only in IKE_AUTH (IDi); until then the
        // IKE SA answers with the one that accepts the offer (see IkeSession#settleConnection).
        HalfOpenTable.Admission admission = halfOpen.admit(key, defence.halfOpenLimit(), defence, () -> {
            IkeSa sa = new IkeSa(false, m.header().initiatorSpi(), newIkeSpi(), d.local(), d.remote());
            sa.carrier(d.carrier()); // the responder answers the way the request came
            IkeSession s = new IkeSession(this, provisional(candidates, m), sa, candidates.size() == 1);
            sessionsByLocalSpi.put(sa.localSpi(), s);
            return s;
        });
        switch (admission) {
            case HalfOpenTable.Admission.Raced r -> r.existing().deliver(m, d);
            case HalfOpenTable.Admission.Refused r -> dropped(r.reason(), "refused by the half-open limits", d);
            case HalfOpenTable.Admission.Admitted a -> {
                IkeSession s = a.session();
                if (solver) s.solvedInitPuzzle();
                s.deliver(m, d);
                schedule(o.halfOpenTimeout(), () -> s.submit(() -> {
                    if (s.sa().state() != IkeSa.State.ESTABLISHED && s.sa().state() != IkeSa.State.DEAD) {
                        s.ikeSaDeleted("not authenticated within " + o.halfOpenTimeout().toSeconds() + " s");
                    }
                }));
            }
        }
    }

    /**
     * Whether to serve a request that returned the COOKIE but no puzzle solution (its initiator does not
     * know puzzles) under puzzles: by chance, as RFC 8019 7.1 wants, certainly at the puzzle threshold,
     * never from the legacy limit on, and less likely the nearer the load is to that limit.
     */
    private boolean legacyServed(DefenceOptions d, int halfOpenCount) {
        if (halfOpenCount >= d.legacyHalfOpenLimit()) return false;
        int span = d.legacyHalfOpenLimit() - d.puzzleThreshold();
        int draw = (int) (Integer.toUnsignedLong(ByteBuffer.wrap(random.bytes(4)).getInt()) % span);
        return draw >= halfOpenCount - d.puzzleThreshold();
    }

    /**
     * The difficulty of an IKE_AUTH puzzle (RFC 8019 7.2) for an IKE_SA_INIT we answer now: under puzzles and
     * while IKE_AUTHs fail (an IKE_AUTH flood, {@link DefenceOptions#AUTH_PUZZLES_AFTER_FAILURE}), the same as
     * for IKE_SA_INIT, so that each IKE_AUTH costing us a signature check first cost its sender a second
     * puzzle; none otherwise. The caller asks only for peers that authenticate with signatures.
     */
    OptionalInt authPuzzleDifficulty() {
        EngineOptions o = options;
        int n = halfOpen.size();
        boolean authFlood = System.nanoTime() - lastAuthFailure.get() < DefenceOptions.AUTH_PUZZLES_AFTER_FAILURE.toNanos();
        return authFlood && level(o, n) == DefenceState.Level.PUZZLES ? OptionalInt.of(o.defence().difficulty(n)) : OptionalInt.empty();
    }

    /** Whether to check an IKE_AUTH of an initiator that knows no puzzles: always below puzzles, by {@link #legacyServed} under them. */
    boolean legacyAuthServed() {
        EngineOptions o = options;
        int n = halfOpen.size();
        return level(o, n) != DefenceState.Level.PUZZLES || legacyServed(o.defence(), n);
    }

    private static DefenceState.Level level(EngineOptions o, int halfOpenCount) {
        // EngineOptions keeps the cookie threshold at or below the puzzle threshold: puzzles always come with a cookie.
        if (halfOpenCount >= o.defence().puzzleThreshold()) return DefenceState.Level.PUZZLES;
        return halfOpenCount >= o.cookieThreshold() ? DefenceState.Level.COOKIES : DefenceState.Level.NORMAL;
    }

    /**
     * HDR, N(COOKIE) [, N(PUZZLE)]: stateless, one hash. The puzzle uses a PRF of the initiator's first
     * proposal that we implement; an offer without one gets the COOKIE alone (and then the legacy share).
     */
    private void demandCookie(IkeMessage m, Datagram d, DefenceState.Level level, DefenceOptions defence, int n) {
        Bytes ni = m.first(NoncePayload.class).map(NoncePayload::data).orElse(Bytes.EMPTY);
        List<Payload> payloads = new ArrayList<>(2);
        payloads.add(NotifyPayload.of(NotifyType.COOKIE, Bytes.wrap(cookies.cookie(ni, d.remote().getAddress(), m.header().initiatorSpi()))));
        Optional<PrfAlgorithm> prf = level == DefenceState.Level.PUZZLES ? puzzlePrf(m) : Optional.empty();
        prf.ifPresent(p -> payloads.add(new PuzzleNotification(p.id(), defence.difficulty(n)).payload()));
        byte[] reply = IkeMessage.of(IkeHeader.of(m.header().initiatorSpi(), 0, ExchangeType.IKE_SA_INIT, false, true, 0), payloads).encode();
        long sent = cookiesSent.incrementAndGet();
        if (prf.isPresent()) puzzlesSent.incrementAndGet();
        // One line a second at INFO, the others at FINE: under a flood a line per cookie would flood the log too.
        long now = System.nanoTime();
        long last = lastCookieLine.get();
        Level logLevel = now - last >= TimeUnit.SECONDS.toNanos(1) && lastCookieLine.compareAndSet(last, now) ? Level.INFO : Level.FINE;
        LOG.log(logLevel, () -> "IKE_SA_INIT response #0 --> " + d.remote() + " [N(COOKIE)" + (prf.isPresent() ? " N(PUZZLE)" : "") + "] ("
                + n + " half-open, " + sent + " cookies sent)");
        transmit(new Datagram(d.local(), d.remote(), reply, d.carrier()));
    }

    /** The COOKIE leading the request (RFC 7296 2.6), if it is ours and valid for this initiator. */
    private Optional<Bytes> returnedCookie(IkeMessage m, Datagram d) {
        if (m.payloads().isEmpty() || !(m.payloads().getFirst() instanceof NotifyPayload n) || n.notifyType() != NotifyType.COOKIE) {
            return Optional.empty();
        }
        Bytes ni = m.first(NoncePayload.class).map(NoncePayload::data).orElse(Bytes.EMPTY);
        return cookies.valid(n.data(), ni, d.remote().getAddress(), m.header().initiatorSpi()) ? Optional.of(n.data()) : Optional.empty();
    }

    /** The PRF for a puzzle: the first of the initiator's first proposal that we implement (RFC 8019 7.1.1). */
    private static Optional<PrfAlgorithm> puzzlePrf(IkeMessage m) {
        return m.first(SecurityAssociationPayload.class).flatMap(sa -> sa.proposals().stream().findFirst())
                .flatMap(p -> p.transforms(TransformType.PRF).stream().map(t -> PrfAlgorithm.byId(t.idCode()))
                        .flatMap(Optional::stream).findFirst());
    }

    /**
     * The connections a peer at {@code peer} may be: those with its address first, then those that
     * accept any address. Many peers with their own identities may share one address (behind a NAT
     * or a carrier's gateway).
     */
    private List<ConnectionConfig> candidatesFor(InetAddress peer) {
        List<ConnectionConfig> exact = new ArrayList<>();
        List<ConnectionConfig> wildcard = new ArrayList<>();
        for (ConnectionConfig c : connections.values()) {
            InetAddress a = c.remote().getAddress();
            if (a.equals(peer)) exact.add(c);
            else if (a.isAnyLocalAddress()) wildcard.add(c);
        }
        exact.addAll(wildcard);
        return exact;
    }

    /**
     * Whether a connection a peer at {@code peer} may be authenticates with signatures: then its IKE_AUTH costs
     * us a public-key operation, which an IKE_AUTH puzzle is worth asking for. A PSK's AUTH check costs about
     * what checking the puzzle would (a few PRF calls), so a puzzle would only slow the peer down.
     */
    boolean signaturesForAnyCandidate(InetAddress peer) {
        return candidatesFor(peer).stream().anyMatch(c -> c.authentication() instanceof Authentication.Certificates);
    }

    /** Whether a connection a peer at {@code peer} may be has PPKs (RFC 8784): then its IKE_SA_INIT is answered with USE_PPK. */
    boolean ppkForAnyCandidate(InetAddress peer) {
        return candidatesFor(peer).stream().anyMatch(c -> c.ppk().configured());
    }

    /**
     * The PPKs a responder may agree on in IKE_INTERMEDIATE (RFC 9867) before IKE_AUTH names which of the
     * connections to {@code peer} it is: those of every candidate that takes RFC 9867, the first of an id
     * when several hold it (IKE_AUTH then checks that the chosen connection holds the PPK agreed on);
     * required when every candidate requires one.
     */
    PostQuantumPreSharedKeys intermediatePpksOfCandidates(InetAddress peer) {
        List<ConnectionConfig> candidates = candidatesFor(peer);
        Map<String, PostQuantumPreSharedKeys.Key> byId = new LinkedHashMap<>();
        for (ConnectionConfig c : candidates) {
            if (!c.ppk().intermediate()) continue;
            for (PostQuantumPreSharedKeys.Key k : c.ppk().keys()) byId.putIfAbsent(k.idText(), k);
        }
        boolean required = !byId.isEmpty() && candidates.stream().allMatch(c -> c.ppk().required());
        return new PostQuantumPreSharedKeys(List.copyOf(byId.values()), required, true);
    }

    /** For IKE_SA_INIT: the first candidate accepting the offer with the group of its KE payload, else any accepting it. */
    private static ConnectionConfig provisional(List<ConnectionConfig> candidates, IkeMessage request) {
        List<Proposal> offer = request.first(SecurityAssociationPayload.class).map(SecurityAssociationPayload::proposals)
                .orElse(List.of());
        int group = request.first(KeyExchangePayload.class).map(KeyExchangePayload::methodCode).orElse(-1);
        boolean intermediate = request.notify(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED).isPresent();
        ConnectionConfig accepting = null;
        for (ConnectionConfig c : candidates) {
            var selected = ProposalSelection.selectIke(c.ikeProposals(), offer, intermediate);
            if (selected.isEmpty()) continue;
            if (selected.get().algorithms().keyExchange().id() == group) return c;
            if (accepting == null) accepting = c;
        }
        return accepting != null ? accepting : candidates.getFirst();
    }

    /**
     * The connection a responder's IKE SA belongs to, once IKE_AUTH names the peer: among the
     * candidates for its address, one whose remote identity is {@code idi} and, if the peer named
     * us ({@code idr}), whose local identity is that, and which accepts the IKE algorithms already
     * negotiated. Several tunnels to one peer share its identities, so the Child SA's traffic
     * selectors the IKE_AUTH proposes ({@code tsi}, {@code tsr}; empty for a childless IKE_AUTH)
     * choose among those, as strongSwan chooses a child config: the first whose selectors overlap
     * both, else the first (whose Child SA is then refused with TS_UNACCEPTABLE). Its credentials
     * (the PSK of that peer) then authenticate the exchange. Empty when none fits: the IKE SA stays
     * with its provisional connection, whose identity check refuses it.
     */
    Optional<ConnectionConfig> responderConnection(IkeSa sa, Identity idi, Optional<Identity> idr,
                                                   List<TrafficSelector> tsi, List<TrafficSelector> tsr) {
        Proposal negotiated = ProposalSelection.answerIke(sa.algorithms(), 1, Bytes.EMPTY);
        List<ConnectionConfig> forPeer = candidatesFor(sa.remoteAddress().getAddress()).stream()
                .filter(c -> acceptsIdentity(c, idi) && idr.map(c.localId()::equals).orElse(true))
                .filter(c -> ProposalSelection.selectIke(c.ikeProposals(), List.of(negotiated), true).isPresent())
                .toList();
        return forPeer.stream()
                .filter(c -> !TrafficSelectors.narrow(tsi, c.remoteSelectors()).isEmpty()
                        && !TrafficSelectors.narrow(tsr, c.localSelectors()).isEmpty())
                .findFirst()
                .or(() -> forPeer.stream().findFirst());
    }

    /**
     * Whether a peer naming itself {@code idi} may be of {@code c}: its remote identity (never ID_NULL,
     * which names nobody), anyone for EAP, which authenticates the user instead, and anyone for a
     * connection that takes the NULL method from the peer, which authenticates nobody (RFC 7619).
     */
    private static boolean acceptsIdentity(ConnectionConfig c, Identity idi) {
        return switch (c.authentication()) {
            case Authentication.Eap e -> true;
            case Authentication.Null n when n.peer().isEmpty() -> true;
            default -> c.remoteId().matches(idi.typeCode(), idi.data());
        };
    }

    private void onExpired(long inboundSpi, SaEventListener.Limit limit) {
        for (IkeSession s : sessionsByLocalSpi.values()) {
            s.submit(() -> s.sa().childByInboundSpi(inboundSpi).ifPresent(child -> {
                if (limit == SaEventListener.Limit.HARD) s.childExpired(child);
                else s.queueAndInitiate(new ChildRekeyTask(s, child));
            }));
        }
    }

    // ---- services for sessions

    ExecutorService threads() {
        return threads;
    }

    RandomSource random() {
        return random;
    }

    EngineOptions options() {
        return options;
    }

    SaSink sink() {
        return sink;
    }

    void transmit(Datagram d) {
        transport.send(d);
    }

    void transmitNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
        transport.sendNatKeepalive(local, remote);
    }

    void schedule(Duration delay, Runnable job) {
        try {
            timers.schedule(job, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The engine closed while an IKE SA job ran (checking first would race with close): no timer is
            // wanted any more. The fuzz target caught a job arming its retransmit timer just then.
        }
    }

    void dropped(String why, Datagram d) {
        dropped(DropReason.SESSION, why, d);
    }

    /** As responder, we refused an IKE_AUTH from {@code source} (AUTHENTICATION_FAILED): it counts against that address. */
    void authenticationFailed(InetAddress source) {
        long now = System.nanoTime();
        authFailures.failed(source, now);
        lastAuthFailure.set(now);
    }

    /**
     * An IKE_AUTH request from {@code d}'s source, if that source failed too often lately, is dropped
     * before anything checks it (its IKE SA then times out as half-open); true when it was.
     */
    boolean droppedAsFailingSource(Datagram d) {
        if (!authFailures.blocked(d.remote().getAddress(), System.nanoTime())) return false;
        dropped(DropReason.AUTH_FAILURES, "IKE_AUTH from an address that failed too often", d);
        return true;
    }

    void dropped(DropReason reason, String why, Datagram d) {
        dropped.incrementAndGet();
        drops.incrementAndGet(reason.ordinal());
        LOG.fine(() -> "dropped datagram from " + d.remote() + ": " + why);
    }

    long newIkeSpi() {
        while (true) {
            long spi = crashDetection.stamp(ByteBuffer.wrap(random.bytes(8)).getLong());
            if (spi != 0 && !sessionsByLocalSpi.containsKey(spi)) return spi;
        }
    }

    long newChildSpi() {
        while (true) {
            long spi = Integer.toUnsignedLong(ByteBuffer.wrap(random.bytes(4)).getInt());
            if (spi >= 256 && childSpis.add(spi)) return spi; // SPIs 1-255 are reserved (RFC 4303)
        }
    }

    Duration jittered(Duration base, double jitter) {
        if (base.isZero() || jitter == 0) return base;
        double share = (ByteBuffer.wrap(random.bytes(4)).getInt() & 0x7fffffff) / (double) Integer.MAX_VALUE;
        return Duration.ofNanos((long) (base.toNanos() * (1 - jitter * share)));
    }

    /**
     * A reqid for a new Child SA (not a rekey): every Child SA of a connection carries its own
     * selectors' traffic, so each gets its own policy; rekeyed successors inherit the reqid.
     */
    int newReqid() {
        return lastReqid.incrementAndGet();
    }

    /**
     * The first Child SA of a reqid brings its policy; rekeyed successors share it. A successor with
     * other selectors (a changed connection) moves the policy to them. Traps of the connection go:
     * its traffic has SAs again.
     */
    void holdPolicy(ChildSa child, String connection) {
        removeTraps(connection);
        TrafficPolicy p = new TrafficPolicy(child.reqid(), child.localSelectors(), child.remoteSelectors());
        policies.compute(child.reqid(), (reqid, before) -> {
            Set<Long> spis = new HashSet<>(before == null ? Set.of() : before.inboundSpis());
            spis.add(child.inboundSpi());
            if (before == null || !before.policy().equals(p)) {
                if (before != null) sink.removePolicy(before.policy());
                sink.installPolicy(p);
            }
            return new PolicyHolders(connection, p, Set.copyOf(spis));
        });
    }

    /**
     * The policy goes with the last Child SA of its reqid; with {@code trap} it stays in the data
     * path without SA, and a packet it matches raises an acquire that sets the connection up again.
     */
    void releasePolicy(ChildSa child, boolean trap) {
        policies.computeIfPresent(child.reqid(), (reqid, holders) -> {
            Set<Long> spis = new HashSet<>(holders.inboundSpis());
            spis.remove(child.inboundSpi());
            if (!spis.isEmpty() || trap) return new PolicyHolders(holders.connection(), holders.policy(), Set.copyOf(spis));
            sink.removePolicy(holders.policy());
            return null;
        });
    }

    private void removeTraps(String connection) {
        policies.entrySet().removeIf(e -> {
            PolicyHolders h = e.getValue();
            if (!h.trap() || !h.connection().equals(connection)) return false;
            sink.removePolicy(h.policy());
            return true;
        });
    }

    void established(IkeSession s) {
        halfOpen.remove(s);
        List<IkeSession> replaced = replacing.remove(s);
        if (replaced != null) {
            for (IkeSession old : replaced) old.submit(() -> old.queueAndInitiate(new DeleteIkeTask(old)));
        }
    }

    /** Hands an event to the listener; a failing listener must not break the IKE SA that reported. */
    void emit(EngineEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ex) {
            LOG.warning(() -> "event listener failed on " + e + ": " + ex);
        }
    }

    IkeSession adopt(ConnectionConfig c, IkeSa sa) {
        IkeSession s = new IkeSession(this, c, sa);
        sessionsByLocalSpi.put(sa.localSpi(), s);
        return s;
    }

    void forget(IkeSession s) {
        sessionsByLocalSpi.remove(s.sa().localSpi(), s);
        halfOpen.remove(s);
        replacing.remove(s);
    }

    /**
     * Whether another IKE SA joins, or is being set up to join, the same two identities, whatever its
     * connection: INITIAL_CONTACT claims there is none (RFC 7296 2.4), and a peer that believes it
     * drops them all, including those of our other tunnels to it. One still in IKE_SA_INIT counts
     * too: two tunnels to one peer started together would otherwise both claim it, and the later
     * IKE_AUTH would end the IKE SA the earlier one had just set up.
     */
    boolean hasOtherSession(IkeSession s) {
        return sessionsByLocalSpi.values().stream().anyMatch(o -> o != s && sameIdentities(o, s) && switch (o.sa().state()) {
            case CREATED, CONNECTING, ESTABLISHED, REKEYING -> true;
            case REKEYED, DELETING, DEAD -> false;
        });
    }

    /** Whether an established IKE SA of the same connection remains besides {@code s} (make-before-break). */
    boolean connectionStillUp(IkeSession s) {
        return sessionsByLocalSpi.values().stream().anyMatch(o -> o != s && o.settled() && o.config().name().equals(s.config().name())
                && o.sa().state() == IkeSa.State.ESTABLISHED);
    }

    /**
     * INITIAL_CONTACT (RFC 7296 2.4): every other IKE SA authenticated between the same two identities
     * is stale; drop it without messages. IKE SAs not yet authenticated are not known to be the
     * sender's (other peers behind the same address set theirs up), and stay.
     */
    void initialContact(IkeSession s) {
        for (IkeSession o : sessionsByLocalSpi.values()) {
            if (o != s && o.authenticated() && sameIdentities(o, s)) {
                o.submit(() -> o.ikeSaDeleted("INITIAL_CONTACT from the peer"));
            }
        }
    }

    /**
     * A peer that authenticated with the NULL method is nobody in particular: its INITIAL_CONTACT must
     * not end another anonymous peer's IKE SA, and no two of them are known to be the same.
     */
    private static boolean sameIdentities(IkeSession a, IkeSession b) {
        if (anonymousPeer(a) || anonymousPeer(b)) return false;
        return a.settled() && b.settled() && a.config().localId().equals(b.config().localId())
                && peerIdentity(a).equals(peerIdentity(b));
    }

    private static boolean anonymousPeer(IkeSession s) {
        return s.config().authentication() instanceof Authentication.Null n && n.peer().isEmpty();
    }

    /**
     * Who the peer of {@code s} is: the connection's remote identity, or for EAP, where every client of
     * the connection is another user, the identity EAP authenticated ("" before that).
     */
    private static String peerIdentity(IkeSession s) {
        if (!(s.config().authentication() instanceof Authentication.Eap)) return s.config().remoteId().toString();
        return Objects.requireNonNullElse(s.sa().remoteIdentity(), "");
    }

    @Override
    public void close() {
        timers.shutdownNow();
        threads.shutdown();
        transport.close();
    }
}
